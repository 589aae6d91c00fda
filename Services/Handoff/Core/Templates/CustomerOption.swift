/// An option offered to a waiting customer, as `baton.handoff.v1
/// .CustomerOption` names them, with its label per locale for
/// `OptionChoice.label`.
public enum CustomerOption: Int, Sendable, Hashable, CaseIterable {
    /// Stay in the queue for a human.
    case wait = 1
    /// Go on with the bot meanwhile, keeping the place in the queue.
    case continueWithBot = 2
    /// Get a phone callback.
    case callback = 3
    /// Get the answer by email.
    case email = 4

    /// Button or menu text in `locale`.
    public func label(in locale: MessageLocale) -> String {
        switch (self, locale) {
        case (.wait, .en): "Keep waiting"
        case (.wait, .es): "Seguir esperando"
        case (.wait, .fr): "Continuer à patienter"
        case (.wait, .de): "Weiter warten"
        case (.continueWithBot, .en): "Carry on with the assistant"
        case (.continueWithBot, .es): "Seguir con el asistente"
        case (.continueWithBot, .fr): "Continuer avec l'assistant"
        case (.continueWithBot, .de): "Mit dem Assistenten weitermachen"
        case (.callback, .en): "Call me back"
        case (.callback, .es): "Que me llamen"
        case (.callback, .fr): "Être rappelé"
        case (.callback, .de): "Rückruf anfordern"
        case (.email, .en): "Reply by email"
        case (.email, .es): "Respuesta por correo"
        case (.email, .fr): "Réponse par e-mail"
        case (.email, .de): "Antwort per E-Mail"
        }
    }
}
