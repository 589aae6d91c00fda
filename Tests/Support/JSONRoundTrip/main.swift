// The Swift side of Tests/Interop/json_differential.py: one request per line
// on stdin, one answer per line on stdout, in the same order.
//
//   <full name>\t<base64 binary>        ->  ok\t<our JSON, one line>
//   <full name>\tjson\t<base64 JSON>    ->  ok\t<base64 of our binary>
//
// Anything that fails answers `error\t<reason>` and the next line goes on.
import Foundation
import Wire

func answer(_ line: Substring) -> String {
    let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
    guard parts.count == 2 || (parts.count == 3 && parts[1] == "json") else { return "error\tbad request line" }
    guard let type = ProtoRegistry.messageType(named: String(parts[0])) as? any ProtoJSONMessage.Type else {
        return "error\tno message type \(parts[0])"
    }
    guard let payload = Data(base64Encoded: String(parts[parts.count - 1])) else { return "error\tbad base64" }
    if parts.count == 2 {
        return binaryToJSON(type, [UInt8](payload))
    }
    return jsonToBinary(type, [UInt8](payload))
}

func binaryToJSON<M: ProtoJSONMessage>(_: M.Type, _ bytes: [UInt8]) -> String {
    do {
        let message = try M(serializedBytes: bytes)
        return "ok\t" + message.jsonString()
    } catch {
        return "error\tbinary: \(error)"
    }
}

func jsonToBinary<M: ProtoJSONMessage>(_: M.Type, _ bytes: [UInt8]) -> String {
    do {
        let message = try M(jsonBytes: bytes)
        return "ok\t" + Data(message.serializedBytes()).base64EncodedString()
    } catch {
        return "error\tjson: \(error)"
    }
}

var output = ""
while let line = readLine(strippingNewline: true) {
    output += answer(line[...]).replacingOccurrences(of: "\n", with: " ")
    output += "\n"
    if output.utf8.count > 1 << 16 {
        FileHandle.standardOutput.write(output.data(using: .utf8)!)
        output = ""
    }
}
FileHandle.standardOutput.write(output.data(using: .utf8)!)
