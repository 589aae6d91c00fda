/// The words the address rules know, lower case.
enum AddressWords {
    /// English street types, written after the name ("Baker Street").
    static let englishTypes: Set<String> = [
        "street", "st", "avenue", "ave", "road", "rd", "lane", "ln", "drive", "dr", "boulevard", "blvd", "way",
        "court", "ct", "place", "pl", "terrace", "close", "crescent", "square", "sq", "parkway", "pkwy",
        "highway", "hwy",
    ]

    /// French street types, written after the number and before the name
    /// ("12 rue de la Paix").
    static let frenchTypes: Set<String> = [
        "rue", "avenue", "av", "bd", "boulevard", "place", "chemin", "allée", "allee", "impasse", "quai", "cours",
        "route", "square", "passage",
    ]

    /// Spanish street types, written before the name, the number after
    /// ("Calle Mayor 5").
    static let spanishTypes: Set<String> = [
        "calle", "avenida", "avda", "av", "plaza", "pza", "paseo", "camino", "carretera", "ronda", "travesía",
        "travesia", "glorieta", "vía", "via", "rambla", "carrer", "passeig",
    ]

    /// Endings of German street names written as one word
    /// ("Hauptstraße", "Lindenweg"); "str" only with its full stop.
    static let germanSuffixes: [String] = [
        "straße", "strasse", "str", "weg", "platz", "allee", "gasse", "damm", "ufer", "chaussee",
    ]

    /// Spanish doors after a floor ("2º izq.").
    static let spanishDoors: Set<String> = ["izq", "izda", "izquierda", "dcha", "dch", "der", "derecha", "ctro", "centro"]

    /// Endings of German words that end like a street but name a seat, a
    /// parking space, a buyer or a way of doing something ("Sitzplatz 14",
    /// "Parkplatz 12", "Käufer 2").
    static let germanNonStreets: [String] = [
        "arbeitsplatz", "parkplatz", "sitzplatz", "stellplatz", "steckplatz", "speicherplatz", "spielplatz",
        "campingplatz", "tabellenplatz", "listenplatz", "käufer", "läufer", "ausweg", "rückweg", "heimweg", "umweg",
        "hinweg", "zahlungsweg", "lieferweg", "versandweg", "rechtsweg", "postweg",
    ]

    /// German street types written as a word of their own after an
    /// adjective ("Berliner Straße").
    static let germanTypes: Set<String> = ["straße", "strasse", "str", "weg", "platz", "allee", "gasse", "ufer", "damm"]

    /// Compass directions after an English street ("Avenue NW").
    static let directions: Set<String> = ["N", "S", "E", "W", "NE", "NW", "SE", "SW"]

    /// Small words inside street and city names.
    static let particles: Set<String> = [
        "de", "del", "la", "las", "los", "el", "y", "du", "des", "le", "les", "l", "d", "et", "sur", "en", "von",
        "der", "den", "am", "an", "im", "of", "the", "and", "i",
    ]

    /// US states and territories, for "Springfield, IL 62704".
    static let usStates: Set<String> = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
        "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
        "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR",
    ]

    /// Words that announce an address, so that a postcode and city after
    /// them is one even without a street line or a listed city.
    static let cues: Set<String> = [
        "address", "adresse", "anschrift", "dirección", "direccion", "domicilio", "wohne", "wohnhaft", "live",
        "lives", "vivo", "vive", "habite", "habito", "ship", "deliver", "send", "envoyer", "livrer", "liefern",
        "zip", "postcode", "postal", "cp", "plz", "domicile", "lieferadresse", "envío", "envio", "livraison",
    ]

    /// First words of city names that another capitalised word follows.
    static let cityPrefixes: Set<String> = [
        "san", "santa", "santo", "sant", "new", "bad", "saint", "sainte", "st", "las", "los", "la", "le", "les", "el",
        "villa", "mont", "port", "fort", "east", "west", "north", "south", "great", "little", "palma",
    ]

    /// Capitalised words after five digits that are no city.
    static let notCities: Set<String> = [
        "euro", "euros", "eur", "usd", "dollar", "dollars", "pounds", "punkte", "points", "puntos", "stück",
        "items", "units", "unidades", "articles", "artikel", "mal", "km", "kg", "mb", "gb", "kb",
    ]

    /// Large cities of Spain, France, Germany, the UK and the US, lower
    /// case: a postcode before one of them is an address without further
    /// evidence.
    static let cities: Set<String> = [
        "madrid", "barcelona", "valencia", "sevilla", "zaragoza", "málaga", "malaga", "murcia", "palma", "bilbao",
        "alicante", "córdoba", "cordoba", "valladolid", "vigo", "gijón", "gijon", "granada", "oviedo", "salamanca",
        "pamplona", "santander", "toledo", "cádiz", "cadiz", "almería", "burgos", "león", "logroño", "san",
        "paris", "marseille", "lyon", "toulouse", "nice", "nantes", "strasbourg", "montpellier", "bordeaux",
        "lille", "rennes", "reims", "toulon", "grenoble", "dijon", "angers", "nîmes", "brest", "limoges", "tours",
        "amiens", "metz", "besançon", "perpignan", "orléans", "rouen", "caen", "nancy", "aix",
        "berlin", "hamburg", "münchen", "munich", "köln", "koeln", "frankfurt", "stuttgart", "düsseldorf",
        "duesseldorf", "leipzig", "dortmund", "essen", "bremen", "dresden", "hannover", "nürnberg", "nuernberg",
        "duisburg", "bochum", "wuppertal", "bielefeld", "bonn", "münster", "mannheim", "karlsruhe", "augsburg",
        "wiesbaden", "kiel", "freiburg", "mainz", "potsdam",
    ]
}
