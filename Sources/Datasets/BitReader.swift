/// Reads a byte buffer as the least-significant-bit-first bit stream of DEFLATE (RFC 1951
/// section 3.1.1), through a 64-bit buffer (DATA-3).
///
/// `buffer` holds the next `count` unread bits in its low bits (the next bit is bit 0); bits above
/// `count` are zero. ``refill()`` tops it up a byte at a time to at least 57 bits while input
/// remains, so one refill serves a whole length/distance pair (at most 15 + 5 + 15 + 13 = 48 bits).
/// At the end of the input the buffer simply holds fewer bits; every consumer checks `count`
/// before consuming and reports ``DatasetError/truncated(source:offset:)`` instead of reading on.
struct BitReader {
  let input: UnsafeBufferPointer<UInt8>
  let source: String
  /// Index of the next byte to move into the buffer.
  private(set) var position: Int
  private(set) var buffer: UInt64 = 0
  private(set) var count = 0

  init(input: UnsafeBufferPointer<UInt8>, source: String, position: Int = 0) {
    self.input = input
    self.source = source
    self.position = position
  }

  /// The input offset of the byte holding the next unread bit (for error messages and, when the
  /// reader is byte-aligned, for the start of the next field).
  var offset: Int { position - (count + 7) / 8 }

  /// True when every input byte has been consumed.
  var isAtEnd: Bool { count == 0 && position == input.count }

  var truncation: DatasetError { .truncated(source: source, offset: input.count) }

  /// Moves whole bytes into the buffer until it holds more than 56 bits or the input ends.
  @inline(__always)
  mutating func refill() {
    while count <= 56 && position < input.count {
      buffer |= UInt64(input[position]) << UInt64(count)
      position &+= 1
      count &+= 8
    }
  }

  /// Discards `n` bits that the caller has checked are present.
  @inline(__always)
  mutating func drop(_ n: Int) {
    buffer >>= UInt64(n)
    count &-= n
  }

  /// Takes the next `n` bits (0...32) as an integer, first bit least significant; the caller has
  /// refilled. Throws when the input ends first.
  @inline(__always)
  mutating func take(_ n: Int) throws(DatasetError) -> Int {
    guard n <= count else { throw truncation }
    let value = Int(truncatingIfNeeded: buffer & ((1 << UInt64(n)) &- 1))
    drop(n)
    return value
  }

  /// Refills if needed, then takes `n` bits (0...32).
  mutating func read(_ n: Int) throws(DatasetError) -> Int {
    if count < n { refill() }
    return try take(n)
  }

  /// Drops the bits up to the next byte boundary and hands the whole bytes still in the buffer
  /// back to the input, so that `position` is the next unread byte (stored blocks and trailers
  /// are byte-aligned).
  mutating func alignToByte() {
    drop(count % 8)
    position -= count / 8
    buffer = 0
    count = 0
  }

  /// Reads a little-endian integer of `byteCount` bytes (1...4) at a byte boundary.
  mutating func readLittleEndian(byteCount: Int) throws(DatasetError) -> UInt32 {
    UInt32(try read(8 * byteCount))
  }

  /// Reads a big-endian 32-bit integer at a byte boundary.
  mutating func readBigEndian32() throws(DatasetError) -> UInt32 {
    try readLittleEndian(byteCount: 4).byteSwapped
  }

  /// Skips `n` whole bytes at a byte boundary, returning them as a buffer slice.
  mutating func skipBytes(_ n: Int) throws(DatasetError) -> UnsafeBufferPointer<UInt8> {
    alignToByte()
    guard n <= input.count - position else { throw truncation }
    let bytes = UnsafeBufferPointer(rebasing: input[position..<(position + n)])
    position += n
    return bytes
  }
}
