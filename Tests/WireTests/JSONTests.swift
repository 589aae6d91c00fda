import Foundation
import Testing
import Wire

/// The proto3 JSON mapping, rule by rule, with the exact text expected.
@Suite("Proto3 JSON")
struct JSONTests {
    typealias Scalars = TestingJson.Scalars
    typealias Holder = TestingJson.Holder

    private func decodeError<M: ProtoJSONMessage>(_ type: M.Type, _ json: String,
                                                  options: JSONDecodingOptions = .default) -> JSONError? {
        do {
            _ = try M(jsonString: json, options: options)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Encoding

    @Test("defaults are left out; an empty message is {}")
    func emptyMessage() {
        #expect(Scalars().jsonString() == "{}")
        #expect(Holder().jsonString() == "{}")
    }

    @Test("every scalar type: lowerCamelCase names, 64-bit integers as strings, bytes as base64, enums by name")
    func scalars() throws {
        let value = Scalars.with {
            $0.fDouble = 1.5
            $0.fFloat = 0.1
            $0.fInt64 = Int64.min
            $0.fUint64 = UInt64.max
            $0.fInt32 = Int32.min
            $0.fFixed64 = 1
            $0.fFixed32 = UInt32.max
            $0.fBool = true
            $0.fString = "a\"b\\c\n\u{1}é😀"
            $0.fBytes = [0xFB, 0xFF, 0x00]
            $0.fUint32 = 7
            $0.fSfixed32 = -2
            $0.fSfixed64 = Int64.max
            $0.fSint32 = -3
            $0.fSint64 = -4
            $0.color = .green
        }
        #expect(value.jsonString() == #"{"fDouble":1.5,"fFloat":0.1,"fInt64":"-9223372036854775808","fUint64":"18446744073709551615","fInt32":-2147483648,"fFixed64":"1","fFixed32":4294967295,"fBool":true,"fString":"a\"b\\c\n\u0001é😀","fBytes":"+/8A","fUint32":7,"fSfixed32":-2,"fSfixed64":"9223372036854775807","fSint32":-3,"fSint64":"-4","color":"COLOR_GREEN"}"#)
        #expect(try Scalars(jsonString: value.jsonString()) == value)
    }

    @Test("NaN and the infinities are strings; doubles use the shortest round-trip text")
    func specialFloats() throws {
        #expect(Scalars.with { $0.fDouble = .nan }.jsonString() == #"{"fDouble":"NaN"}"#)
        #expect(Scalars.with { $0.fDouble = .infinity }.jsonString() == #"{"fDouble":"Infinity"}"#)
        #expect(Scalars.with { $0.fFloat = -.infinity }.jsonString() == #"{"fFloat":"-Infinity"}"#)
        #expect(Scalars.with { $0.fDouble = 0.1 + 0.2 }.jsonString() == #"{"fDouble":0.30000000000000004}"#)
        #expect(Scalars.with { $0.fDouble = 1e300 }.jsonString() == #"{"fDouble":1e+300}"#)
        #expect(try Scalars(jsonString: #"{"fDouble":"NaN"}"#).fDouble.isNaN)
        #expect(try Scalars(jsonString: #"{"fDouble":"-Infinity","fFloat":"Infinity"}"#)
                == .with { $0.fDouble = -.infinity; $0.fFloat = .infinity })
        #expect(try Scalars(jsonString: #"{"fDouble":"2.5","fFloat":1e2}"#) == .with { $0.fDouble = 2.5; $0.fFloat = 100 })
        #expect(decodeError(Scalars.self, #"{"fFloat":1e39}"#)?.description == "f_float: 1e39 is out of range for float")
    }

    @Test("unknown enum numbers are written and read as numbers")
    func unknownEnumNumbers() throws {
        let value = Scalars.with { $0.color = .unrecognized(42) }
        #expect(value.jsonString() == #"{"color":42}"#)
        #expect(try Scalars(jsonString: #"{"color":42}"#) == value)
        #expect(try Scalars(jsonString: #"{"color":2}"#).color == .green)
        #expect(try Scalars(jsonString: #"{"color":"COLOR_RED"}"#).color == .red)
        #expect(decodeError(Scalars.self, #"{"color":"COLOR_BLUE"}"#)?.description
                == #"color: "COLOR_BLUE" is not a value of baton.testing.json.Color"#)
    }

    @Test("proto3 optional fields are written at their default; messages only when set")
    func presence() throws {
        let value = Holder.with { $0.maybe = 0; $0.maybeText = ""; $0.scalars = Scalars() }
        #expect(value.jsonString() == #"{"scalars":{},"maybe":0,"maybeText":""}"#)
        let decoded = try Holder(jsonString: value.jsonString())
        #expect(decoded.maybe == 0 && decoded.maybeText == "" && decoded.scalars == Scalars())
        #expect(try Holder(jsonString: "{}").maybe == nil)
    }

    @Test("oneofs: only the set member, even at its default")
    func oneofs() throws {
        #expect(Holder.with { $0.choice = .choiceNumber(0) }.jsonString() == #"{"choiceNumber":"0"}"#)
        #expect(Holder.with { $0.choice = .choiceScalars(.with { $0.fBool = true }) }.jsonString()
                == #"{"choiceScalars":{"fBool":true}}"#)
        #expect(try Holder(jsonString: #"{"choiceText":""}"#).choice == .choiceText(""))
        #expect(decodeError(Holder.self, #"{"choiceText":"a","choiceNumber":1}"#)?.description
                == "choice_number: more than one field of oneof 'choice' is set")
    }

    @Test("maps are objects with string keys; integer and bool keys as strings; sorted")
    func maps() throws {
        let value = Holder.with {
            $0.byInt32 = [-1: "minus", 2: "two"]
            $0.byInt64 = [Int64.min: "min"]
            $0.byUint32 = [7: .red, 8: .unrecognized(9)]
            $0.byUint64 = [UInt64.max: [1, 2]]
            $0.byBool = [true: 1, false: 0.5]
            $0.byName = ["b": .with { $0.fInt32 = 1 }, "a": Scalars()]
            $0.nested = ["x": .with { $0.nested = ["y": .with { $0.byInt32 = [1: "deep"] }] }]
        }
        #expect(value.jsonString() == #"{"byName":{"a":{},"b":{"fInt32":1}},"byInt32":{"-1":"minus","2":"two"},"byInt64":{"-9223372036854775808":"min"},"byUint32":{"7":"COLOR_RED","8":9},"byUint64":{"18446744073709551615":"AQI="},"byBool":{"false":0.5,"true":1.0},"nested":{"x":{"nested":{"y":{"byInt32":{"1":"deep"}}}}}}"#)
        #expect(try Holder(jsonString: value.jsonString()) == value)
        #expect(decodeError(Holder.self, #"{"byInt32":{"x":"a"}}"#)?.description
                == #"by_int32: map key "x" is not an integer"#)
        #expect(decodeError(Holder.self, #"{"byUint32":{"-1":"COLOR_RED"}}"#)?.description
                == #"by_uint32: map key "-1" is out of range for uint32"#)
        #expect(decodeError(Holder.self, #"{"nested":{"x":{"byName":{"k":{"fInt32":1.5}}}}}"#)?.description
                == #"nested["x"].by_name["k"].f_int32: 1.5 is not an integer"#)
    }

    @Test("Timestamp as RFC 3339 with 0, 3, 6 or 9 digits; Duration as seconds with s")
    func wellKnownTypes() throws {
        func stamp(_ seconds: Int64, _ nanos: Int32) -> String {
            Holder.with { $0.when = .with { $0.seconds = seconds; $0.nanos = nanos } }.jsonString()
        }
        #expect(stamp(0, 0) == #"{"when":"1970-01-01T00:00:00Z"}"#)
        #expect(stamp(1_741_002_407, 10_000_000) == #"{"when":"2025-03-03T11:46:47.010Z"}"#)
        #expect(stamp(-1, 1000) == #"{"when":"1969-12-31T23:59:59.000001Z"}"#)
        #expect(stamp(253_402_300_799, 999_999_999) == #"{"when":"9999-12-31T23:59:59.999999999Z"}"#)
        #expect(stamp(-62_135_596_800, 0) == #"{"when":"0001-01-01T00:00:00Z"}"#)
        func duration(_ seconds: Int64, _ nanos: Int32) -> String {
            Holder.with { $0.took = .with { $0.seconds = seconds; $0.nanos = nanos } }.jsonString()
        }
        #expect(duration(1, 500_000_000) == #"{"took":"1.500s"}"#)
        #expect(duration(0, 0) == #"{"took":"0s"}"#)
        #expect(duration(-1, -500_000_000) == #"{"took":"-1.500s"}"#)
        #expect(duration(0, -1) == #"{"took":"-0.000000001s"}"#)
        #expect(duration(315_576_000_000, 0) == #"{"took":"315576000000s"}"#)

        let parsed = try Holder(jsonString: #"{"when":"2025-03-03T12:46:47.01+01:00","took":"-0.5s"}"#)
        #expect(parsed.when == .with { $0.seconds = 1_741_002_407; $0.nanos = 10_000_000 })
        #expect(parsed.took == .with { $0.seconds = 0; $0.nanos = -500_000_000 })
        #expect(decodeError(Holder.self, #"{"when":"2025-02-30T00:00:00Z"}"#)?.code == .invalidTimestamp)
        #expect(decodeError(Holder.self, #"{"when":"2025-01-01 00:00:00Z"}"#)?.code == .invalidTimestamp)
        #expect(decodeError(Holder.self, #"{"took":"1.5"}"#)?.description
                == #"took: "1.5" is not a duration such as "1.5s" within 10000 years"#)
        #expect(decodeError(Holder.self, #"{"took":"315576000001s"}"#)?.code == .invalidDuration)
        #expect(decodeError(Holder.self, #"{"times":["1970-01-01T00:00:00Z", 5]}"#)?.description
                == "times[1]: expected an RFC 3339 timestamp string, found a number")
    }

    @Test("json_name from the descriptor")
    func customJSONName() throws {
        #expect(Holder.with { $0.jsonNamed = "x" }.jsonString() == #"{"customName":"x"}"#)
        #expect(try Holder(jsonString: #"{"json_named":"y"}"#).jsonNamed == "y")
    }

    // MARK: Decoding

    @Test("both the JSON name and the .proto name are accepted")
    func bothNames() throws {
        let value = try Scalars(jsonString: #"{"f_int32": 1, "fUint32": 2, "f_string": "x"}"#)
        #expect(value == .with { $0.fInt32 = 1; $0.fUint32 = 2; $0.fString = "x" })
        #expect(decodeError(Scalars.self, #"{"f_int32": 1, "fInt32": 2}"#)?.description == "f_int32: field given more than once")
    }

    @Test("integers as numbers or strings, exactly, range-checked")
    func integers() throws {
        #expect(try Scalars(jsonString: #"{"fInt64":"-9223372036854775808","fUint64":18446744073709551615}"#)
                == .with { $0.fInt64 = .min; $0.fUint64 = .max })
        #expect(try Scalars(jsonString: #"{"fInt32":"12","fUint32":1e3,"fSint32":-2.0,"fSint64":1.5e1}"#)
                == .with { $0.fInt32 = 12; $0.fUint32 = 1000; $0.fSint32 = -2; $0.fSint64 = 15 })
        #expect(decodeError(Scalars.self, #"{"fInt32":2147483648}"#)?.description == "f_int32: 2147483648 is out of range for int32")
        #expect(decodeError(Scalars.self, #"{"fInt32":-2147483649}"#)?.code == .outOfRange)
        #expect(decodeError(Scalars.self, #"{"fUint32":-1}"#)?.description == "f_uint32: -1 is out of range for uint32")
        #expect(decodeError(Scalars.self, #"{"fInt64":"9223372036854775808"}"#)?.description
                == #"f_int64: "9223372036854775808" is out of range for int64"#)
        #expect(decodeError(Scalars.self, #"{"fUint64":18446744073709551616}"#)?.code == .outOfRange)
        #expect(decodeError(Scalars.self, #"{"fInt32":1.5}"#)?.description == "f_int32: 1.5 is not an integer")
        #expect(decodeError(Scalars.self, #"{"fInt32":"abc"}"#)?.description == #"f_int32: "abc" is not an integer"#)
        #expect(decodeError(Scalars.self, #"{"fInt32":true}"#)?.description == "f_int32: expected an integer, found a bool")
    }

    @Test("the error names the path through messages, repeated fields and maps")
    func errorPaths() {
        let json = #"{"items":[{},{},{"fInt32":11.5}]}"#
        #expect(decodeError(Holder.self, json)?.description == "items[2].f_int32: 11.5 is not an integer")
        let deep = #"{"nested":{"k":{"scalars":{"nope":1}}}}"#
        #expect(decodeError(Holder.self, deep)?.description == #"nested["k"].scalars.nope: unknown field"#)
    }

    @Test("null means unset, for every kind of field")
    func nulls() throws {
        let json = #"{"scalars":null,"items":null,"numbers":null,"maybe":null,"byName":null,"choiceText":null,"when":null,"customName":null}"#
        #expect(try Holder(jsonString: json) == Holder())
        #expect(try Scalars(jsonString: #"{"fInt32":null,"color":null,"fBytes":null}"#) == Scalars())
        #expect(decodeError(Holder.self, #"{"numbers":[1,null]}"#)?.description
                == "numbers[1]: null is not allowed in a repeated field or as a map value")
    }

    @Test("unknown fields are rejected with their path, or skipped when asked")
    func unknownFields() throws {
        #expect(decodeError(Holder.self, #"{"scalars":{"extra":[1,{"a":null}]}}"#)?.description == "scalars.extra: unknown field")
        let options = JSONDecodingOptions(ignoreUnknownFields: true)
        #expect(try Holder(jsonString: #"{"extra":[1,{"a":null}],"maybe":3}"#, options: options) == .with { $0.maybe = 3 })
    }

    @Test("strings: escapes, surrogate pairs, non-ASCII and empty")
    func strings() throws {
        let decoded = try Scalars(jsonString: #"{"fString":"\ud83d\ude00 \u00e9\"\\\/\b\f\n\r\t"}"#)
        #expect(decoded.fString == "😀 é\"\\/\u{8}\u{c}\n\r\t")
        #expect(decoded.jsonString() == #"{"fString":"😀 é\"\\/\b\f\n\r\t"}"#)
        #expect(try Scalars(jsonString: #"{"fString":""}"#) == Scalars())
        #expect(try Scalars(jsonString: #"{"fString":"日本語"}"#).fString == "日本語")
        #expect(decodeError(Scalars.self, #"{"fString":"\ud83d"}"#)?.description == #"f_string: lone surrogate \uD83D in a string"#)
        #expect(decodeError(Scalars.self, #"{"fString":"\ude00x"}"#)?.code == .invalidString)
        #expect(decodeError(Scalars.self, "{\"fString\":\"a\u{1}\"}")?.code == .invalidString)
        #expect(decodeError(Scalars.self, #"{"fString":"\x"}"#)?.code == .invalidString)
        var invalidUTF8 = Array(#"{"fString":""#.utf8)
        invalidUTF8 += [0xC0, 0xAF, UInt8(ascii: "\""), UInt8(ascii: "}")]
        #expect(throws: JSONError.self) { try Scalars(jsonBytes: invalidUTF8) }
    }

    @Test("bytes accept standard and URL-safe base64, padded or not")
    func base64() throws {
        #expect(try Scalars(jsonString: #"{"fBytes":"+/8A"}"#).fBytes == [0xFB, 0xFF, 0x00])
        #expect(try Scalars(jsonString: #"{"fBytes":"-_8A"}"#).fBytes == [0xFB, 0xFF, 0x00])
        #expect(try Scalars(jsonString: #"{"fBytes":"AQI"}"#).fBytes == [1, 2])
        #expect(try Scalars(jsonString: #"{"fBytes":"AQI="}"#).fBytes == [1, 2])
        #expect(Scalars.with { $0.fBytes = [1] }.jsonString() == #"{"fBytes":"AQ=="}"#)
        #expect(decodeError(Scalars.self, #"{"fBytes":"A*=="}"#)?.description == #"f_bytes: "A*==" is not base64"#)
    }

    @Test("malformed JSON, trailing bytes, depth and size limits")
    func malformed() {
        for bad in ["", "{", "{\"fInt32\":1,}", "{\"fInt32\" 1}", "[]", "{} x", "{\"fInt32\":01}", "{\"fInt32\":1.}",
                    "{\"fInt32\":-}", "{\"fBool\":tru}", "{\"fString\":\"abc}", "{\"numbers\":[1,]}"] {
            let decoded: Holder? = try? Holder(jsonString: bad)
            #expect(decoded == nil, "accepted \(bad)")
        }
        var deep = ""
        for _ in 0..<100 { deep += #"{"nested":{"k":"# }
        deep += "{}"
        for _ in 0..<100 { deep += "}}" }
        #expect(decodeError(Holder.self, deep)?.code == .depthLimitExceeded)
        #expect(decodeError(Holder.self, "{}", options: .init(maxMessageSize: 1))?.code == .messageTooLarge)
        #expect(decodeError(Holder.self, #"{"items":[{"fInt32":1}]}"#, options: .init(maxDepth: 2))?.code == .depthLimitExceeded)
    }

    @Test("whitespace anywhere between tokens")
    func whitespace() throws {
        let json = " {\n\t\"items\" : [ { \"fInt32\" : 1 } , { } ] ,\r\n \"maybe\":2 } \n"
        #expect(try Holder(jsonString: json) == .with { $0.items = [.with { $0.fInt32 = 1 }, Scalars()]; $0.maybe = 2 })
    }

    @Test("a Baton message: enums by their proto names, int64 as string, nested repeated paths")
    func batonMessage() throws {
        let request = RouterV1.EnqueueRequest.with {
            $0.escalation = .with {
                $0.escalationID = "e-1"
                $0.urgency = .high
                $0.priorityKey = -5
                $0.requiredSkills = [.with { $0.skill = "billing"; $0.minLevel = 2 }]
                $0.attributes = ["b": "2", "a": "1"]
            }
        }
        let json = request.jsonString()
        #expect(json == #"{"escalation":{"escalationId":"e-1","requiredSkills":[{"skill":"billing","minLevel":2}],"urgency":"URGENCY_HIGH","attributes":{"a":"1","b":"2"},"priorityKey":"-5"}}"#)
        #expect(try RouterV1.EnqueueRequest(jsonString: json) == request)
        let bad = #"{"escalation":{"required_skills":[{},{},{"min_level":11.5}]}}"#
        #expect(decodeError(RouterV1.EnqueueRequest.self, bad)?.description
                == "escalation.required_skills[2].min_level: 11.5 is not an integer")
    }

    @Test("the realistic golden messages survive a JSON round trip")
    func realisticRoundTrip() throws {
        let turn = try PlannerV1.HandleTurnRequest(serializedBytes: try Protoc.encode(
            try RealisticMessageTests.fixture("handle_turn_request.txtpb"),
            as: "baton.planner.v1.HandleTurnRequest", file: "baton/planner/v1/planner.proto"))
        #expect(try PlannerV1.HandleTurnRequest(jsonBytes: turn.jsonBytes()) == turn)
        let package = try HandoffV1.HandoffPackage(serializedBytes: try Protoc.encode(
            try RealisticMessageTests.fixture("handoff_package.txtpb"),
            as: "baton.handoff.v1.HandoffPackage", file: "baton/handoff/v1/handoff.proto"))
        #expect(try HandoffV1.HandoffPackage(jsonBytes: package.jsonBytes()) == package)
        #expect(package.jsonString().contains(#""createTime":"#))
    }

    private static func jsonRoundTrip<M: ProtoJSONMessage>(_: M.Type, binary: [UInt8]) throws -> Bool {
        let message = try M(serializedBytes: binary)
        return try M(jsonBytes: message.jsonBytes()) == message
    }

    @Test("every .proto message's golden samples survive a JSON round trip", arguments: GoldenTests.allMessages)
    func everyMessage(_ fullName: String) throws {
        let protoName = String(fullName.dropFirst())
        let type = try #require(ProtoRegistry.messageType(named: protoName) as? any ProtoJSONMessage.Type)
        let file = try #require(GoldenTests.index.messages[fullName]).file
        let samples = SampleText(index: GoldenTests.index)
        for variant in 0..<samples.variantCount(of: fullName) {
            // The samples' Timestamps and Durations are out of their JSON range
            // (negative nanos, year -300); JSON cannot carry those, so give them valid values.
            let text = samples.text(of: fullName, variant: variant)
                .replacingOccurrences(of: #"\bseconds: -?[0-9]+"#, with: "seconds: 1741002407", options: .regularExpression)
                .replacingOccurrences(of: #"\bnanos: -?[0-9]+"#, with: "nanos: 10000000", options: .regularExpression)
            let binary = try Protoc.encode(text, as: protoName, file: file)
            #expect(try Self.jsonRoundTrip(type, binary: binary), "\(protoName) variant \(variant)")
        }
    }
}
