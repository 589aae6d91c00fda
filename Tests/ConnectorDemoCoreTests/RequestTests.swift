import ConnectorDemoCore
import Testing
import Wire

/// Request validation (the field at fault) and the fingerprints an idempotency key is bound to.
@Suite("Requests and fingerprints")
struct RequestTests {
    static func execute(_ configure: (inout ConnectorV1.ExecuteActionRequest) -> Void = { _ in }) -> ConnectorV1.ExecuteActionRequest {
        var request = ConnectorV1.ExecuteActionRequest.with {
            $0.tenantID = "t"
            $0.customerID = "c"
            $0.conversationID = "conv"
            $0.idempotencyKey = "k"
            $0.action = .with {
                $0.actionID = "a"
                $0.kind = .refund(.with { $0.orderID = "o"; $0.amount = .with { $0.currencyCode = "EUR"; $0.amountMinor = 100 } })
            }
        }
        configure(&request)
        return request
    }

    static func field(of request: ConnectorV1.ExecuteActionRequest) -> String? {
        do {
            _ = try RequestValidator.validate(request)
            return nil
        } catch {
            return error.field
        }
    }

    @Test func badInputNamesTheField() {
        #expect(Self.field(of: Self.execute()) == nil)
        #expect(Self.field(of: Self.execute { $0.tenantID = "" }) == "tenant_id")
        #expect(Self.field(of: Self.execute { $0.idempotencyKey = String(repeating: "k", count: 257) }) == "idempotency_key")
        #expect(Self.field(of: Self.execute { $0.action = nil }) == "action")
        #expect(Self.field(of: Self.execute { $0.action?.kind = nil }) == "action.kind")
        #expect(Self.field(of: Self.execute {
            $0.action?.kind = .refund(.with { $0.orderID = "o"; $0.amount = .with { $0.currencyCode = "EUR"; $0.amountMinor = -5 } })
        }) == "action.refund.amount.amount_minor")
        #expect(Self.field(of: Self.execute {
            $0.action?.kind = .refund(.with { $0.orderID = "o"; $0.amount = .with { $0.currencyCode = "eur"; $0.amountMinor = 5 } })
        }) == "action.refund.amount.currency_code")
        #expect(Self.field(of: Self.execute { $0.approvedAmount = .with { $0.currencyCode = "USD"; $0.amountMinor = 50 } })
                == "approved_amount.currency_code")
        #expect(Self.field(of: Self.execute {
            $0.action?.kind = .cancelOrder(.with { $0.orderID = "o" })
            $0.approvedAmount = .with { $0.currencyCode = "EUR"; $0.amountMinor = 50 }
        }) == "approved_amount")
        #expect(Self.field(of: Self.execute { $0.action?.kind = .replacement(.with { $0.orderID = "o"; $0.sku = "s" }) })
                == "action.replacement.quantity")
    }

    @Test func theSameRequestHasTheSameFingerprintWhateverItsMapOrder() {
        func custom(_ parameters: [(String, String)]) -> ConnectorV1.ExecuteActionRequest {
            Self.execute { request in
                request.action?.kind = .custom(.with { $0.name = "loyalty.add_points"; $0.parameters = Dictionary(uniqueKeysWithValues: parameters) })
            }
        }
        let one = RequestFingerprint(custom([("points", "100"), ("reason", "sorry"), ("b", "x")]))
        // Entries in key order, whatever the dictionary's iteration order.
        #expect(one.text.contains(#"parameters={"b":"x","points":"100","reason":"sorry"}"#))
        #expect(one.conflict(with: RequestFingerprint(custom([("b", "x"), ("reason", "sorry"), ("points", "100")]))) == nil)
        #expect(one.conflict(with: RequestFingerprint(custom([("b", "x"), ("reason", "sorry"), ("points", "101")]))) == "action")
    }

    @Test func aConflictNamesThePartThatDiffers() {
        let stored = RequestFingerprint(Self.execute())
        #expect(RequestFingerprint(Self.execute { $0.customerID = "c2" }).conflict(with: stored) == "customer")
        #expect(RequestFingerprint(Self.execute { $0.action?.actionID = "b" }).conflict(with: stored) == "action")
        #expect(RequestFingerprint(Self.execute { $0.approvedAmount = .with { $0.currencyCode = "EUR"; $0.amountMinor = 1 } })
                .conflict(with: stored) == "approved_amount")
        // A value holding the text of another part cannot make two different requests look alike.
        #expect(RequestFingerprint(Self.execute { $0.conversationID = "conv\"\naction=x" }).conflict(with: stored) == "conversation")
        #expect(RequestFingerprint(text: RequestFingerprint(Self.execute()).text) == stored)
    }
}
