import Evaluation
import Foundation

/// One timed workload: what ran, on how many threads and which kernel variant, and how long it took.
/// `work` is the workload's own unit count (floating-point operations for products and searches,
/// samples for training), so rates are `work / seconds`.
struct Measurement {
  let workload: String
  let size: String
  let threads: Int
  let variant: String
  let seconds: Double
  let work: Double
  let unit: String
  /// Anything else worth printing (e.g. peak memory).
  var note: String? = nil

  /// The rate in the unit's natural scale: GFLOP/s for flops, Gterm/s for distance terms,
  /// samples/s for samples.
  var rate: Double { unit == "flop" || unit == "term" ? work / seconds / 1e9 : work / seconds }
  var rateUnit: String { unit == "flop" ? "GFLOP/s" : unit == "term" ? "Gterm/s" : "\(unit)/s" }

  var json: JSONValue {
    .object([("workload", .string(workload)), ("size", .string(size)), ("threads", .number(Double(threads))),
             ("variant", .string(variant)), ("seconds", .double(seconds)), ("work", .double(work)), ("unit", .string(unit)),
             ("rate", .double(rate)), ("rate_unit", .string(rateUnit))] + (note.map { [("note", .string($0))] } ?? []))
  }

  var line: String {
    workload.padding(toLength: 10, withPad: " ", startingAt: 0) + " " + size.padding(toLength: 34, withPad: " ", startingAt: 0)
      + String(format: " %3d  %-10@ %9.4f s %10.2f %@", threads, variant, seconds, rate,
               rateUnit) + (note.map { "   " + $0 } ?? "")
  }
}

/// Seconds taken by `body`.
func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Best of `repeats` runs, so one-off scheduling noise does not count.
func best(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
  var result = Double.infinity
  for _ in 0..<repeats { result = min(result, try seconds(body)) }
  return result
}

/// The shortest of repeated runs of `body` for short workloads: at least `minimum` runs, then more
/// until about `budget` seconds have been spent (at most `maximum` runs). On a shared virtual
/// machine a run of a few milliseconds is often slowed by a neighbour, and the best of 3 then
/// varied by up to 2x between invocations; the best of 20 or more is steady to a few percent.
/// peers.py times its peers with the same rule.
func bestWithin(budget: Double = 1.0, minimum: Int = 5, maximum: Int = 50, _ body: () throws -> Void) rethrows -> Double {
  var result = Double.infinity, spent = 0.0, runs = 0
  while runs < minimum || (spent < budget && runs < maximum) {
    let t = try seconds(body)
    result = min(result, t)
    spent += t
    runs += 1
  }
  return result
}
