/// The built-in customer messages, per kind and locale.
///
/// The wording is warm and says what happens next: the bot hands over
/// because a specialist can help ("I want to connect you with a specialist
/// who can help with …"), never because it cannot cope, and always gives the
/// customer a choice while waiting. Spanish uses "tú", French "vous" and
/// German "Sie", the usual registers of customer service in each.
public enum DefaultTemplates {
    /// The built-in template of `kind` in `locale`.
    public static func source(for kind: MessageKind, locale: MessageLocale) -> String {
        switch locale {
        case .en: english(kind)
        case .es: spanish(kind)
        case .fr: french(kind)
        case .de: german(kind)
        }
    }

    static func english(_ kind: MessageKind) -> String {
        switch kind {
        case .transitionSpecialist:
            "I want to connect you with a specialist who can help with {{category}}. You are number {{position}} in the queue, "
                + "and the wait is about {{wait}}. While you wait, you can carry on chatting with me, ask for "
                + "a callback, or get a follow-up by email: just tell me which you prefer."
        case .transitionOffHoursCallback:
            "Our specialists are away right now, so I have arranged a callback {{callback_window}}. Here is what I will pass "
                + "on: \u{201C}{{summary}}\u{201D} If that is right, there is nothing more to do; if something is missing, tell "
                + "me and I will add it."
        case .transitionOnCall:
            "This needs attention straight away, so I am bringing in our on-call specialist for {{category}} now. Please stay "
                + "in this conversation: they should be with you in about {{wait}}."
        case .agentJoined:
            "{{agent_name}} has joined. I have shared our conversation with {{agent_name}} so you will not need to repeat "
                + "anything."
        case .waitUpdate:
            "Thank you for your patience. It is taking longer than we expected: you are now number {{position}} in the queue, "
                + "and the wait is about {{wait}} more. You can keep waiting, carry on with me, or ask for a "
                + "callback or an email instead."
        }
    }

    static func spanish(_ kind: MessageKind) -> String {
        switch kind {
        case .transitionSpecialist:
            "Quiero ponerte en contacto con un especialista que pueda ayudarte con {{category}}. Eres el número {{position}} "
                + "en la cola y la espera es de alrededor de {{wait}}. Mientras tanto, puedes seguir hablando conmigo, "
                + "pedir que te llamemos o recibir la respuesta por correo electrónico: dime qué prefieres."
        case .transitionOffHoursCallback:
            "Nuestros especialistas no están disponibles en este momento, así que he programado una llamada "
                + "{{callback_window}}. Esto es lo que les voy a transmitir: «{{summary}}». Si es correcto, no tienes que "
                + "hacer nada más; si falta algo, dímelo y lo añado."
        case .transitionOnCall:
            "Esto requiere atención inmediata, así que estoy avisando ahora a nuestro especialista de guardia para "
                + "{{category}}. Por favor, no salgas de esta conversación: estará contigo en alrededor de {{wait}}."
        case .agentJoined:
            "{{agent_name}} se ha unido a la conversación. He compartido nuestra conversación con {{agent_name}}, así que no "
                + "tendrás que repetir nada."
        case .waitUpdate:
            "Gracias por tu paciencia. Está tardando más de lo previsto: ahora eres el número {{position}} en la cola y la "
                + "espera es de alrededor de {{wait}} más. Puedes seguir esperando, continuar conmigo o pedir una "
                + "llamada o un correo electrónico."
        }
    }

    static func french(_ kind: MessageKind) -> String {
        switch kind {
        case .transitionSpecialist:
            "Je souhaite vous mettre en relation avec un spécialiste qui pourra vous aider pour {{category}}. Vous êtes en "
                + "position {{position}} dans la file d'attente, et l'attente est d'environ {{wait}}. En "
                + "attendant, vous pouvez continuer à échanger avec moi, demander à être rappelé ou recevoir une réponse par "
                + "e-mail : dites-moi ce que vous préférez."
        case .transitionOffHoursCallback:
            "Nos spécialistes ne sont pas disponibles pour le moment ; j'ai donc prévu un rappel {{callback_window}}. Voici ce "
                + "que je vais leur transmettre : « {{summary}} ». Si c'est exact, vous n'avez rien d'autre à faire ; s'il "
                + "manque quelque chose, dites-le-moi et je l'ajouterai."
        case .transitionOnCall:
            "Votre demande nécessite une attention immédiate : je fais appel dès maintenant à notre spécialiste d'astreinte "
                + "pour {{category}}. Merci de rester dans cette conversation : quelqu'un sera avec vous d'ici environ "
                + "{{wait}}."
        case .agentJoined:
            "{{agent_name}} a rejoint la conversation. J'ai partagé notre échange avec {{agent_name}}, vous n'aurez donc rien "
                + "à répéter."
        case .waitUpdate:
            "Merci de votre patience. L'attente est plus longue que prévu : vous êtes maintenant en position {{position}} "
                + "dans la file, et il reste environ {{wait}}. Vous pouvez continuer à patienter, poursuivre "
                + "avec moi, ou demander un rappel ou un e-mail."
        }
    }

    static func german(_ kind: MessageKind) -> String {
        switch kind {
        case .transitionSpecialist:
            "Ich möchte Sie mit einer Fachkraft verbinden, die Ihnen bei {{category}} weiterhelfen kann. Sie sind an Position "
                + "{{position}} in der Warteschlange, die Wartezeit beträgt etwa {{wait}}. In der Zwischenzeit "
                + "können Sie gern weiter mit mir schreiben, einen Rückruf anfordern oder eine Antwort per E-Mail erhalten: "
                + "Sagen Sie mir einfach, was Ihnen lieber ist."
        case .transitionOffHoursCallback:
            "Unsere Fachkräfte sind gerade nicht erreichbar, deshalb habe ich einen Rückruf {{callback_window}} eingeplant. "
                + "Das gebe ich weiter: \u{201E}{{summary}}\u{201C} Wenn das stimmt, müssen Sie nichts weiter tun; wenn "
                + "etwas fehlt, sagen Sie es mir, und ich ergänze es."
        case .transitionOnCall:
            "Ihr Anliegen ist dringend, deshalb hole ich jetzt unseren Bereitschaftsdienst zu {{category}} dazu. Bitte "
                + "bleiben Sie in diesem Gespräch: In etwa {{wait}} ist jemand für Sie da."
        case .agentJoined:
            "{{agent_name}} ist jetzt für Sie da. Ich habe unser Gespräch mit {{agent_name}} geteilt, damit Sie nichts "
                + "wiederholen müssen."
        case .waitUpdate:
            "Danke für Ihre Geduld. Es dauert länger als erwartet: Sie sind jetzt an Position {{position}} in der "
                + "Warteschlange, die Wartezeit beträgt noch etwa {{wait}}. Sie können weiter warten, mit mir "
                + "weitermachen oder einen Rückruf oder eine E-Mail anfordern."
        }
    }
}
