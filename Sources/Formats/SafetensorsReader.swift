import Tensors

/// Reading safetensors (FMT-1 ... FMT-3).
extension SafetensorsFile {
  /// Parses a whole file. Checks, in this order (FMT-3), each failure a typed error naming the
  /// tensor at fault: the 8-byte length and the header it announces are present and the length is
  /// at most 100,000,000; the header is a JSON object; `__metadata__` is an object of strings;
  /// every other member is {"dtype": one of FMT-2's names, "shape": integers >= 0,
  /// "data_offsets": [begin, end], begin <= end} (other members of an entry are ignored, as the
  /// reference does); end - begin is the element count times the dtype's size; the range lies
  /// within the data buffer; sorted by offset, the ranges tile the buffer exactly (no overlap, no
  /// gap, nothing after the last); and every element converts to a double exactly.
  public init(bytes: [UInt8]) throws(SafetensorsError) {
    guard bytes.count >= 8 else { throw .truncated(needed: 8, got: bytes.count) }
    let announced = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
    guard announced <= UInt64(Self.maximumHeaderLength) else {
      throw .headerTooLong(length: announced, limit: Self.maximumHeaderLength)
    }
    let headerLength = Int(announced)
    guard bytes.count - 8 >= headerLength else { throw .truncated(needed: 8 + headerLength, got: bytes.count) }
    let header: JSONValue
    do { header = try JSONValue(parsing: Array(bytes[8..<(8 + headerLength)])) } catch { throw .headerNotJSON(error.description) }
    guard let members = header.members else {
      throw .headerNotJSON("the header is \(header.serialized().prefix(40)), not an object")
    }

    let dataStart = 8 + headerLength
    let dataSize = bytes.count - dataStart
    var metadata: [(key: String, value: String)] = []
    var entries: [Entry] = []
    for (position, (name, value)) in members.enumerated() {
      if name == "__metadata__" {
        metadata = try Self.metadata(value)
      } else {
        entries.append(try Entry(name: name, value, position: position, dataSize: dataSize))
      }
    }
    try Self.checkTiling(entries, dataSize: dataSize)

    var tensors: [SafetensorsTensor] = []
    tensors.reserveCapacity(entries.count)
    for entry in entries.sorted(by: { ($0.begin, $0.position) < ($1.begin, $1.position) }) {
      tensors.append(try entry.read(bytes, dataStart: dataStart))
    }
    self.init(tensors: tensors, metadata: metadata)
  }

  /// `__metadata__`: an object whose values are strings, in header order.
  static func metadata(_ value: JSONValue) throws(SafetensorsError) -> [(key: String, value: String)] {
    guard let members = value.members else {
      throw .malformedMetadata("expected an object of strings, got \(value.serialized().prefix(40))")
    }
    var result: [(key: String, value: String)] = []
    for (key, item) in members {
      guard let text = item.string else {
        throw .malformedMetadata("the value of \"\(key)\" is \(item.serialized().prefix(40)), not a string")
      }
      result.append((key, text))
    }
    return result
  }

  /// Sorted by (begin, end), the ranges must follow one another exactly from 0 to the buffer's end.
  static func checkTiling(_ entries: [Entry], dataSize: Int) throws(SafetensorsError) {
    var covered = 0
    var last: String?
    for entry in entries.sorted(by: { ($0.begin, $0.end, $0.position) < ($1.begin, $1.end, $1.position) }) {
      if entry.begin < covered { throw .overlap(tensor: entry.name, other: last ?? "") }
      if entry.begin > covered { throw .gap(before: entry.name, start: covered, end: entry.begin) }
      covered = entry.end
      last = entry.name
    }
    if covered < dataSize { throw .gap(before: nil, start: covered, end: dataSize) }
  }

  /// One header entry, checked on its own and against the buffer's size.
  struct Entry {
    let name: String
    let dtype: SafetensorsDType
    let shape: [Int]
    let count: Int
    let begin: Int
    let end: Int
    /// The entry's position in the header (ties between empty tensors keep header order).
    let position: Int

    init(name: String, _ value: JSONValue, position: Int, dataSize: Int) throws(SafetensorsError) {
      func malformed(_ reason: String) -> SafetensorsError { .malformedEntry(tensor: name, reason: reason) }
      guard value.members != nil else {
        throw malformed("expected an object with dtype, shape and data_offsets, got \(value.serialized().prefix(40))")
      }
      guard let dtypeName = value["dtype"]?.string else { throw malformed("dtype is missing or not a string") }
      guard let dtype = SafetensorsDType(rawValue: dtypeName) else { throw .unknownDType(tensor: name, dtype: dtypeName) }
      guard let shapeItems = value["shape"]?.array else { throw malformed("shape is missing or not an array") }
      var shape: [Int] = []
      for item in shapeItems {
        guard let extent = Self.integer(item) else {
          throw malformed("shape \(value["shape"]!.serialized().prefix(60)) holds a value that is not an integer >= 0")
        }
        shape.append(extent)
      }
      // FOUND-70's check: the product of the non-zero extents fits an Int.
      let count = try lift(name) { () throws(TensorError) in try Tensor.elementCount(of: shape) }
      guard let offsets = value["data_offsets"]?.array, offsets.count == 2, let begin = Self.integer(offsets[0]),
        let end = Self.integer(offsets[1])
      else {
        throw malformed("data_offsets must be two integers [begin, end] >= 0")
      }
      guard begin <= end else { throw malformed("data_offsets [\(begin), \(end)] end before they begin") }
      let (expected, overflow) = count.multipliedReportingOverflow(by: dtype.size)
      guard !overflow, expected == end - begin else {
        throw .byteCount(
          tensor: name, dtype: dtype.rawValue, shape: shape, expected: overflow ? Int.max : expected, got: end - begin)
      }
      guard end <= dataSize else { throw .offsetsOutOfRange(tensor: name, begin: begin, end: end, dataSize: dataSize) }
      (self.name, self.dtype, self.shape, self.count, self.begin, self.end, self.position) = (
        name, dtype, shape, count, begin, end, position
      )
    }

    /// A JSON number that is an integer in 0...2^53.
    static func integer(_ value: JSONValue) -> Int? {
      guard case let .number(x) = value, x >= 0, x <= 0x1p53, x == x.rounded() else { return nil }
      return Int(x)
    }

    /// The tensor's elements, converted.
    func read(_ bytes: [UInt8], dataStart: Int) throws(SafetensorsError) -> SafetensorsTensor {
      let size = dtype.size
      var failure: (index: Int, reason: String)?
      let scalars = bytes.withUnsafeBytes { raw -> [Double] in
        let base = UnsafeRawBufferPointer(rebasing: raw[(dataStart + begin)..<(dataStart + end)])
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialised in
          for i in 0..<count {
            switch dtype.decode(base, at: i * size) {
            case let .success(x): buffer[i] = x
            case let .failure(problem):
              buffer[i] = 0
              if failure == nil { failure = (i, problem.reason) }
            }
          }
          initialised = count
        }
      }
      if let failure { throw .invalidValue(tensor: name, index: failure.index, reason: failure.reason) }
      return SafetensorsTensor(
        name: name, dtype: dtype, value: try lift(name) { () throws(TensorError) in try Tensor(shape: shape, scalars: scalars) })
    }
  }
}

/// Runs a tensor construction, reporting its failure against the tensor's name.
func lift<T>(_ name: String, _ body: () throws(TensorError) -> T) throws(SafetensorsError) -> T {
  do { return try body() } catch { throw .malformedEntry(tensor: name, reason: error.description) }
}
