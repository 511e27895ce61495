/// The values a paper prints in one table, by row: each row's values labelled (a struct of
/// ``PaperValue``s, not a tuple read back by position), and a lookup of a row the paper does not
/// print throws an error naming the table and the row, instead of trapping on a force-unwrap.
public struct PaperValues<Row: Hashable & Sendable & CustomStringConvertible, Values: Sendable>: Sendable {
  /// The paper's name for the table, e.g. "seed 000 Table 2".
  public let table: String
  public let rows: [Row: Values]

  public init(table: String, _ rows: [Row: Values]) {
    self.table = table
    self.rows = rows
  }

  /// The values of `row`; throws ``ReportError/failed(table:reason:)`` when the paper has no such row.
  public func callAsFunction(_ row: Row) throws(ReportError) -> Values {
    guard let values = rows[row] else {
      throw .failed(table: table, reason: "the paper prints no row \(row)")
    }
    return values
  }
}
