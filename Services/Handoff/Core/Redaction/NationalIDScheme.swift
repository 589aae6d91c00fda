/// The national identifier schemes the redactor recognises.
public enum NationalIDScheme: String, Sendable, Hashable, CaseIterable {
    /// United States Social Security number, "123-45-6789".
    case usSSN = "us_ssn"
    /// Spanish DNI: eight digits and a check letter.
    case esDNI = "es_dni"
    /// Spanish NIE: X, Y or Z, seven digits and a check letter.
    case esNIE = "es_nie"
    /// French NIR (numéro de sécurité sociale): 13 characters and a
    /// two-digit key.
    case frNIR = "fr_nir"
    /// German tax identification number (Steuer-ID): 11 digits, the last a
    /// check digit.
    case deTaxID = "de_tax_id"
    /// German identity card (Personalausweis) serial with its check digit.
    case deIDCard = "de_id_card"
    /// United Kingdom National Insurance number, "AB 12 34 56 C".
    case ukNINO = "uk_nino"
}
