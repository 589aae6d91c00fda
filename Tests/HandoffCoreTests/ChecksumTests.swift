import HandoffCore
import Testing

/// The check-digit algorithms, each with numbers that pass and numbers one
/// digit off that must fail.
@Suite("Checksums")
struct ChecksumTests {
    @Test(arguments: [
        ("4111111111111111", true), ("5555555555554444", true), ("378282246310005", true), ("6011111111111117", true),
        ("4012888888881881", true), ("4111111111111112", false), ("5555555555554445", false),
        ("411111111111", false), ("41111111111111111111", false), ("4111-1111-1111-1111", false),
    ])
    func luhn(_ number: String, _ valid: Bool) {
        #expect(Checksum.isValidCardNumber(number) == valid)
    }

    @Test(arguments: [
        ("DE89370400440532013000", true), ("ES9121000418450200051332", true), ("FR1420041010050500013M02606", true),
        ("GB29NWBK60161331926819", true), ("DE89370400440532013001", false), ("ES9121000418450200051333", false),
        ("DE8937040044053201300", false), ("XX89370400440532013000", false), ("GB29NWBK6016133192681", false),
        ("de89370400440532013000", false),
    ])
    func iban(_ iban: String, _ valid: Bool) {
        #expect(Checksum.isValidIBAN(iban) == valid)
    }

    @Test(arguments: [
        ("12345678Z", true), ("87654321X", true), ("11111111H", true), ("12345678A", false), ("1234567Z", false),
        ("12345678z", false),
    ])
    func dni(_ dni: String, _ valid: Bool) {
        #expect(Checksum.isValidDNI(dni) == valid)
    }

    @Test(arguments: [("X1234567L", true), ("Y1234567X", true), ("X1234567X", false), ("A1234567L", false)])
    func nie(_ nie: String, _ valid: Bool) {
        #expect(Checksum.isValidNIE(nie) == valid)
    }

    @Test(arguments: [
        ("184057645108931", true), ("269022A34173214", true), ("184057645108932", false), ("269022B34173214", false),
        ("584057645108931", false), ("184137645108931", false), ("18405764510893", false),
    ])
    func nir(_ nir: String, _ valid: Bool) {
        #expect(Checksum.isValidNIR(nir) == valid)
    }

    @Test(arguments: [
        ("86095742719", true), ("65929970489", true), ("47036892816", true), ("86095742718", false),
        // Check digit right, but every digit of the first ten appears once.
        ("12345678903", false),
        // Starts with 0.
        ("02476291358", false), ("8609574271", false),
    ])
    func steuerID(_ taxID: String, _ valid: Bool) {
        #expect(Checksum.isValidSteuerID(taxID) == valid)
    }

    @Test(arguments: [("L01X00T471", true), ("T220001293", true), ("L01X00T472", false), ("A01X00T471", false)])
    func germanIDCard(_ serial: String, _ valid: Bool) {
        #expect(Checksum.isValidGermanIDCard(serial) == valid)
    }
}
