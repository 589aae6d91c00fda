internal import Wire

/// What the customer hears after a planner decision, in the conversation's
/// language (English, Spanish, French, German; English otherwise). Hand-off
/// messages come from baton-handoff; `handoffFallback` is said only when it
/// cannot be reached.
public struct CustomerMessages: Sendable {
    /// The language used: the primary subtag of the conversation's language
    /// when supported, else "en".
    public let language: String

    /// Messages in `language` (a BCP 47 tag such as "fr-CA").
    public init(language: String) {
        let primary = language.split(separator: "-").first.map { $0.lowercased() } ?? "en"
        self.language = ["en", "es", "fr", "de"].contains(primary) ? primary : "en"
    }

    /// After an action ran.
    public func executed(_ action: ActionDescription) -> String {
        switch language {
        case "es": return "Hecho: \(action.text(in: language))."
        case "fr": return "C'est fait : \(action.text(in: language))."
        case "de": return "Erledigt: \(action.text(in: language))."
        default: return "Done: \(action.text(in: language))."
        }
    }

    /// Asking the customer to confirm an irreversible action.
    public func confirm(_ action: ActionDescription) -> String {
        switch language {
        case "es": return "Antes de continuar, ¿confirma que desea lo siguiente: \(action.text(in: language))? No se podrá deshacer."
        case "fr": return "Avant de continuer, confirmez-vous ceci : \(action.text(in: language)) ? Ce ne sera pas réversible."
        case "de": return "Bevor ich fortfahre: Bestätigen Sie bitte Folgendes: \(action.text(in: language))? Das lässt sich nicht rückgängig machen."
        default: return "Before I go ahead, please confirm: \(action.text(in: language))? This cannot be undone."
        }
    }

    /// After the customer declined, or the confirmation expired.
    public func notDone(_ action: ActionDescription) -> String {
        switch language {
        case "es": return "De acuerdo, no haré nada: \(action.text(in: language)) queda sin efecto."
        case "fr": return "Entendu, je ne fais rien : \(action.text(in: language)) n'aura pas lieu."
        case "de": return "In Ordnung, ich unternehme nichts: \(action.text(in: language)) entfällt."
        default: return "All right, I won't go ahead: \(action.text(in: language)) is not done."
        }
    }

    /// While a person decides on an approval.
    public func awaitingApproval(_ action: ActionDescription) -> String {
        switch language {
        case "es": return "He pedido a un compañero que apruebe lo siguiente: \(action.text(in: language)). Le avisaré en cuanto decida."
        case "fr": return "J'ai demandé à un collègue d'approuver ceci : \(action.text(in: language)). Je vous préviens dès qu'il a décidé."
        case "de": return "Ich habe eine Kollegin gebeten, Folgendes freizugeben: \(action.text(in: language)). Ich melde mich, sobald sie entschieden hat."
        default: return "I've asked a colleague to approve this: \(action.text(in: language)). I'll let you know as soon as they decide."
        }
    }

    /// After a rejected approval.
    public func rejected(_ action: ActionDescription) -> String {
        switch language {
        case "es": return "Lo siento: mi compañero no ha aprobado lo siguiente: \(action.text(in: language))."
        case "fr": return "Désolé : mon collègue n'a pas approuvé ceci : \(action.text(in: language))."
        case "de": return "Es tut mir leid: Folgendes wurde nicht freigegeben: \(action.text(in: language))."
        default: return "I'm sorry: my colleague did not approve this: \(action.text(in: language))."
        }
    }

    /// When an allowed action could not run and a person takes over.
    public func actionFailed(_ action: ActionDescription) -> String {
        switch language {
        case "es": return "No he podido completar lo siguiente: \(action.text(in: language)). Un compañero se ocupa ahora."
        case "fr": return "Je n'ai pas pu terminer ceci : \(action.text(in: language)). Un collègue prend le relais."
        case "de": return "Ich konnte Folgendes nicht abschließen: \(action.text(in: language)). Eine Kollegin übernimmt jetzt."
        default: return "I couldn't complete this: \(action.text(in: language)). A colleague is taking over now."
        }
    }

    /// A hand-off message when baton-handoff cannot write one.
    public func handoffFallback() -> String {
        switch language {
        case "es": return "Le paso con un compañero que seguirá desde aquí; no tendrá que repetir nada."
        case "fr": return "Je vous mets en relation avec un collègue qui reprend à partir d'ici ; vous n'aurez rien à répéter."
        case "de": return "Ich verbinde Sie mit einer Kollegin, die hier weitermacht; Sie müssen nichts wiederholen."
        default: return "I'm passing you to a colleague who will pick up from here; you won't need to repeat anything."
        }
    }
}
