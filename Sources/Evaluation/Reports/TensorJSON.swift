import Tensors

/// Tensors in JSON (EVAL-21): `{"shape": [...], "data": [...]}` with data in row-major order
/// (FOUND-1); non-finite entries as "nan", "inf", "-inf".
extension JSONValue {
  public init(_ tensor: Tensor) {
    self = .object([("shape", .array(tensor.shape.map { .number(Double($0)) })),
                     ("data", .array(tensor.scalars.map(JSONValue.double)))])
  }

  /// Reads a tensor; a plain array of numbers is accepted as a vector, a number as a scalar.
  public func tensor(named name: String) throws(ReportError) -> Tensor {
    if let x = number { return Tensor(scalar: x) }
    if let items = array {
      var values: [Double] = []
      for item in items {
        guard let x = item.number else { throw .badArgument(name, "a plain array must hold numbers only") }
        values.append(x)
      }
      return Tensor(values)
    }
    guard let shapeItems = self["shape"]?.array, let dataItems = self["data"]?.array else {
      throw .badArgument(name, "expected a tensor {\"shape\": [...], \"data\": [...]}")
    }
    var shape: [Int] = []
    for item in shapeItems {
      guard let x = item.number, x >= 0, x == x.rounded(), x < 1e12 else {
        throw .badArgument(name, "shape entries must be non-negative integers")
      }
      shape.append(Int(x))
    }
    var data: [Double] = []
    data.reserveCapacity(dataItems.count)
    for item in dataItems {
      guard let x = item.number else { throw .badArgument(name, "data entries must be numbers or \"nan\"/\"inf\"/\"-inf\"") }
      data.append(x)
    }
    do { return try Tensor(shape: shape, scalars: data) } catch { throw .badArgument(name, "\(error)") }
  }
}
