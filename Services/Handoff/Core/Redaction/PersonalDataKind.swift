/// A kind of personal data the redactor masks.
public enum PersonalDataKind: String, Sendable, Hashable, CaseIterable {
    /// An email address.
    case email
    /// A telephone number, international or national.
    case phone
    /// A payment card number that passes the Luhn check.
    case card
    /// An IBAN that passes the ISO 13616 mod-97 check.
    case iban
    /// A street line, a postcode with its city, or both.
    case postalAddress = "postal_address"
    /// A national identifier; `RedactedSpan.scheme` says which.
    case nationalID = "national_id"
    /// A date introduced as a date of birth ("date of birth:", "geboren am").
    case dateOfBirth = "date_of_birth"
}
