import HTTPTypes
import Hummingbird

extension Response {
    /// A JSON answer, as every platform's routes and the admin endpoints give them.
    package static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.encoded())))
    }
}
