/// The inflater's output: a growable byte buffer with unchecked appends (DATA-3).
///
/// A manually managed buffer rather than `[UInt8]` so that the hot loop pays no uniqueness or
/// bounds checks; callers call ``reserve(_:)`` before a run of appends (one check per symbol) and
/// ``release()`` exactly once when done.
struct ByteSink {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private(set) var count = 0
  private(set) var capacity: Int

  init(capacity: Int) {
    self.capacity = max(capacity, 4096)
    base = .allocate(capacity: self.capacity)
  }

  /// Frees the storage; the sink must not be used afterwards.
  func release() { base.deallocate() }

  /// Ensures room for `extra` more bytes, doubling the capacity as often as needed.
  @inline(__always)
  mutating func reserve(_ extra: Int) {
    if count &+ extra > capacity { grow(to: count + extra) }
  }

  private mutating func grow(to needed: Int) {
    var newCapacity = capacity * 2
    while newCapacity < needed { newCapacity *= 2 }
    let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newBase.update(from: base, count: count)
    base.deallocate()
    base = newBase
    capacity = newCapacity
  }

  /// Appends one byte (room reserved by the caller).
  @inline(__always)
  mutating func append(_ byte: UInt8) {
    base[count] = byte
    count &+= 1
  }

  /// Appends bytes, reserving room itself.
  mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
    reserve(bytes.count)
    if let source = bytes.baseAddress { (base + count).update(from: source, count: bytes.count) }
    count += bytes.count
  }

  /// Appends `length` bytes copied from `distance` bytes back (room reserved, distance checked by
  /// the caller). Byte by byte and forwards, because a match may overlap its own output: distance
  /// 1 and length 10 repeat the last byte ten times (RFC 1951 section 3.2.3).
  @inline(__always)
  mutating func appendMatch(distance: Int, length: Int) {
    var from = base + (count &- distance)
    var to = base + count
    let end = to + length
    while to < end {
      to.pointee = from.pointee
      to += 1
      from += 1
    }
    count &+= length
  }

  /// The bytes `range` as an unsafe view (valid until the next append).
  func view(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
  }

  /// A copy of everything written.
  func array() -> [UInt8] { Array(view(0..<count)) }
}
