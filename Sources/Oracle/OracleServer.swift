import Evaluation
import Foundation

/// `oracle serve` (ORACLE-72): one JSON request per line on standard input, one JSON response per
/// line on standard output, in order, until the end of the input. Each line is answered exactly as
/// `oracle eval` answers it (the same checks, cost bounds and size limit, ORACLE-20 ... ORACLE-23);
/// an error answers on its own line and the server goes on. A line longer than the request limit
/// is read no further than the limit and answered `tooLarge`. Lines end with "\n" (a "\r" before it
/// is dropped); a last line without "\n" is answered too; an empty line is answered as malformed.
struct OracleServer {
  let functions: [OracleFunction]
  /// The longest line answered; longer ones are `tooLarge` (the tests use a small limit).
  var limit = OracleCost.maximumRequestBytes

  /// Reads chunks from `next` until it returns nil and hands each response line, newline included,
  /// to `write` as soon as it is ready.
  func serve(next: () -> [UInt8]?, write: (String) -> Void) {
    var pending: [UInt8] = []
    var overlong = false  // the current line passed the limit: skip to its end
    func answer(_ line: ArraySlice<UInt8>) {
      let body = line.last == 0x0D ? line.dropLast() : line
      if overlong || body.count > limit {
        overlong = false
        write(OracleCommand.errorResponse("tooLarge", "the request is larger than \(limit) bytes").serialized() + "\n")
        return
      }
      write(OracleCommand.respond(to: Array(body), functions: functions).1.serialized() + "\n")
    }
    while let chunk = next() {
      var start = 0
      while let newline = chunk[start...].firstIndex(of: 0x0A) {
        if pending.isEmpty { answer(chunk[start..<newline]) } else {
          pending += chunk[start..<newline]
          answer(pending[...])
          pending.removeAll(keepingCapacity: true)
        }
        start = newline + 1
      }
      if !overlong { pending += chunk[start...] }
      if pending.count > limit + 1 {
        overlong = true
        pending.removeAll()
      }
    }
    if !pending.isEmpty || overlong { answer(pending[...]) }
  }
}
