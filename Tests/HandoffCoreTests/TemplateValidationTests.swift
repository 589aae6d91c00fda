import HandoffCore
import Testing

/// Validation of uploaded templates: every error named, with its offset.
@Suite("Template validation")
struct TemplateValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var template: String
        var kind: MessageKind
        var expected: [TemplateError]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "valid", template: "{{agent_name}} is here.", kind: .agentJoined, expected: []),
        Case(name: "spaces inside the braces", template: "{{ agent_name }} is here.", kind: .agentJoined, expected: []),
        Case(name: "optional placeholder", template: "Hi {{customer_name}}, {{agent_name}} is here.", kind: .agentJoined,
             expected: []),
        Case(name: "misspelt placeholder", template: "Hi, {{agnet_name}} and {{agent_name}}", kind: .agentJoined,
             expected: [TemplateError(.unknownPlaceholder, placeholder: "agnet_name", offset: 4)]),
        Case(name: "a placeholder of another kind", template: "{{agent_name}}: {{position}}, {{wait_minutes}} min",
             kind: .waitUpdate, expected: [TemplateError(.unknownPlaceholder, placeholder: "agent_name", offset: 0)]),
        Case(name: "required placeholders missing, in declared order", template: "Please wait {{wait_minutes}} minutes.",
             kind: .transitionSpecialist,
             expected: [TemplateError(.missingRequiredPlaceholder, placeholder: "category"),
                        TemplateError(.missingRequiredPlaceholder, placeholder: "position")]),
        Case(name: "no placeholder at all", template: "We will call you.", kind: .transitionOffHoursCallback,
             expected: [TemplateError(.missingRequiredPlaceholder, placeholder: "callback_window"),
                        TemplateError(.missingRequiredPlaceholder, placeholder: "summary")]),
        Case(name: "unclosed at the end", template: "{{agent_name}} joined {{agent_name", kind: .agentJoined,
             expected: [TemplateError(.unclosedBraces, offset: 22)]),
        Case(name: "unclosed before the next opening", template: "{{agent_name joined {{agent_name}}", kind: .agentJoined,
             expected: [TemplateError(.unclosedBraces, offset: 0)]),
        Case(name: "closing without opening", template: "agent_name}} {{agent_name}}", kind: .agentJoined,
             expected: [TemplateError(.unopenedBraces, offset: 10)]),
        Case(name: "single brace typo", template: "{agent_name}} is here", kind: .agentJoined,
             expected: [TemplateError(.unopenedBraces, offset: 11),
                        TemplateError(.missingRequiredPlaceholder, placeholder: "agent_name")]),
        Case(name: "name with capitals and a space", template: "{{Agent Name}} {{agent_name}}", kind: .agentJoined,
             expected: [TemplateError(.invalidPlaceholderName, placeholder: "Agent Name", offset: 0)]),
        Case(name: "empty braces", template: "{{agent_name}}{{}}", kind: .agentJoined,
             expected: [TemplateError(.invalidPlaceholderName, placeholder: "", offset: 14)]),
        Case(name: "offsets count UTF-16 code units", template: "🙂 {{x}} {{agent_name}}", kind: .agentJoined,
             expected: [TemplateError(.unknownPlaceholder, placeholder: "x", offset: 3)]),
        Case(name: "every error reported, in order", template: "{{nope}} {{position}} }} {{wait", kind: .waitUpdate,
             expected: [TemplateError(.unknownPlaceholder, placeholder: "nope", offset: 0),
                        TemplateError(.unopenedBraces, offset: 22),
                        TemplateError(.unclosedBraces, offset: 25),
                        TemplateError(.missingRequiredPlaceholder, placeholder: "wait")]),
        Case(name: "too long", template: "{{agent_name}}" + String(repeating: "a", count: 1_990), kind: .agentJoined,
             expected: [TemplateError(.tooLong, offset: 2_000)]),
    ]

    @Test(arguments: cases)
    func validate(_ testCase: Case) {
        #expect(TemplateRenderer.validate(template: testCase.template, kind: testCase.kind) == testCase.expected)
    }

    @Test func errorsDescribeThemselves() {
        #expect(TemplateError(.unknownPlaceholder, placeholder: "agnet_name", offset: 4).description
                == "unknown_placeholder {{agnet_name}} at offset 4")
        #expect(TemplateError(.missingRequiredPlaceholder, placeholder: "summary").description
                == "missing_required_placeholder {{summary}}")
    }

    @Test func anInvalidOverrideIsRefusedWithEveryError() {
        var renderer = TemplateRenderer()
        #expect(throws: TemplateRejection(kind: .waitUpdate, locale: .de, errors: [
            TemplateError(.unknownPlaceholder, placeholder: "agent", offset: 0),
            TemplateError(.missingRequiredPlaceholder, placeholder: "position"),
        ])) {
            try renderer.setOverride("{{agent}}: noch {{wait_minutes}} Minuten", for: .waitUpdate, locale: .de)
        }
        // The refused template is not used.
        #expect(renderer.template(for: .waitUpdate, locale: .de).source
                == DefaultTemplates.source(for: .waitUpdate, locale: .de))
    }

    @Test func parsingATemplateThrowsItsFirstError() {
        #expect(throws: TemplateError(.unclosedBraces, offset: 0)) {
            try MessageTemplate("{{agent_name", kind: .agentJoined)
        }
    }
}
