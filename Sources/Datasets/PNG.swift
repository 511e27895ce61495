/// An 8-bit greyscale or RGB image and its PNG encoding (DATA-60) and decoding (DATA-62).
///
/// Writing: the signature 89 50 4E 47 0D 0A 1A 0A, then the chunks IHDR (width, height, bit
/// depth 8, colour type 0 grey or 2 RGB, compression 0, filter method 0, no interlace), one IDAT
/// holding the zlib stream (``Deflate/zlib(_:mode:)``, stored or fixed-Huffman blocks) of the
/// scanlines, each preceded by filter type 0 (None), and IEND. Every chunk is its big-endian
/// length, its type, its data and the CRC-32 of type and data (``CRC32``).
///
/// Reading (the tests' check that a figure's images are what was drawn): the signature, chunks
/// with their CRCs checked, IHDR first with the fields above (other depths, colour types and
/// interlacing are refused by name), the IDAT data concatenated and inflated by ``Zlib``, and
/// the five filter types of PNG (None, Sub, Up, Average, Paeth) undone row by row. Errors are
/// `DatasetError.format` or the inflater's, naming the source and the byte offset.
public struct PNGImage: Equatable, Sendable {
  public let width: Int
  public let height: Int
  /// 1 (grey) or 3 (RGB).
  public let channels: Int
  /// Row-major, channels interleaved: pixel (x, y) channel c at (y * width + x) * channels + c.
  public let pixels: [UInt8]

  public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  /// Errors: a width or height below 1, channels other than 1 or 3, a pixel count that is not
  /// width x height x channels.
  public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) throws(DatasetError) {
    guard width >= 1, height >= 1, width <= 1 << 24, height <= 1 << 24, channels == 1 || channels == 3 else {
      throw .invalidArgument(
        operation: "PNGImage", reason: "width \(width), height \(height) must be in 1...2^24 and channels \(channels) 1 or 3")
    }
    guard pixels.count == width * height * channels else {
      throw .invalidArgument(operation: "PNGImage", reason: "\(pixels.count) pixel values for \(width) x \(height) x \(channels)")
    }
    (self.width, self.height, self.channels, self.pixels) = (width, height, channels, pixels)
  }

  /// The PNG file (DATA-60).
  public func encoded(mode: Deflate.Mode = .fixedHuffman()) -> [UInt8] {
    var header: [UInt8] = []
    Self.appendBigEndian(UInt32(width), to: &header)
    Self.appendBigEndian(UInt32(height), to: &header)
    header += [8, channels == 1 ? 0 : 2, 0, 0, 0]
    let rowBytes = width * channels
    var scanlines: [UInt8] = []
    scanlines.reserveCapacity(height * (rowBytes + 1))
    for y in 0..<height {
      scanlines.append(0)
      scanlines += pixels[(y * rowBytes)..<((y + 1) * rowBytes)]
    }
    return Self.signature + Self.chunk("IHDR", header) + Self.chunk("IDAT", Deflate.zlib(scanlines, mode: mode))
      + Self.chunk("IEND", [])
  }

  static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
    bytes += [24, 16, 8, 0].map { UInt8((value >> UInt32($0)) & 0xFF) }
  }

  static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = []
    appendBigEndian(UInt32(data.count), to: &bytes)
    let typed = Array(type.utf8) + data
    bytes += typed
    appendBigEndian(CRC32.checksum(typed), to: &bytes)
    return bytes
  }

  /// Decodes a PNG file written as above or by another encoder within the supported subset (DATA-62).
  public static func decode(_ bytes: [UInt8], source: String = "<png>") throws(DatasetError) -> PNGImage {
    guard bytes.count >= 8 else { throw .truncated(source: source, offset: bytes.count) }
    guard Array(bytes[0..<8]) == signature else { throw .format(file: source, offset: 0, reason: "not a PNG signature") }
    var offset = 8
    var header: (width: Int, height: Int, channels: Int)?
    var compressed: [UInt8] = []
    var ended = false
    func bigEndian(_ at: Int) -> Int { (0..<4).reduce(0) { $0 << 8 | Int(bytes[at + $1]) } }
    while !ended {
      guard offset + 12 <= bytes.count else { throw .truncated(source: source, offset: bytes.count) }
      let length = bigEndian(offset)
      guard length <= bytes.count - offset - 12 else { throw .truncated(source: source, offset: bytes.count) }
      let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
      let data = Array(bytes[(offset + 8)..<(offset + 8 + length)])
      let stored = UInt32(bigEndian(offset + 8 + length))
      let computed = CRC32.checksum(Array(bytes[(offset + 4)..<(offset + 8 + length)]))
      guard stored == computed else {
        throw .checksumMismatch(source: source, offset: offset + 8 + length, expected: stored, computed: computed)
      }
      switch type {
      case "IHDR":
        guard header == nil, length == 13 else {
          throw .format(file: source, offset: offset, reason: "IHDR must come once, first, with 13 bytes")
        }
        let (width, height) = (bigEndian(offset + 8), bigEndian(offset + 12))
        guard data[8] == 8, data[9] == 0 || data[9] == 2, data[10] == 0, data[11] == 0, data[12] == 0, width >= 1, height >= 1
        else {
          throw .format(file: source, offset: offset + 16,
            reason:
              """
                supported: bit depth 8, colour type 0 or 2, methods 0, no interlace; got depth \(data[8]), colour \(data[9]), \
                interlace \(data[12])
                """
          )
        }
        guard width <= 1 << 24, height <= 1 << 24 else {
          throw .format(file: source, offset: offset + 8, reason: "\(width) x \(height) is too large")
        }
        header = (width, height, data[9] == 0 ? 1 : 3)
      case "IDAT":
        guard header != nil else { throw .format(file: source, offset: offset, reason: "IDAT before IHDR") }
        compressed += data
      case "IEND": ended = true
      default:
        guard header != nil else { throw .format(file: source, offset: offset, reason: "chunk \(type) before IHDR") }
      }
      offset += 12 + length
    }
    guard let (width, height, channels) = header else { throw .format(file: source, offset: 8, reason: "no IHDR chunk") }
    let scanlines = try Zlib.decompress(compressed, source: "\(source) (IDAT)")
    let rowBytes = width * channels
    guard scanlines.count == height * (rowBytes + 1) else {
      throw .format(
        file: source, offset: offset,
        reason: "image data holds \(scanlines.count) bytes, \(height) rows of \(rowBytes + 1) expected")
    }
    return try PNGImage(width: width, height: height, channels: channels,
                        pixels: try unfilter(scanlines, rows: height, rowBytes: rowBytes, pixelBytes: channels, source: source))
  }

  /// Undoes PNG's per-row filters (None, Sub, Up, Average, Paeth), modulo 256.
  static func unfilter(_ scanlines: [UInt8], rows: Int, rowBytes: Int, pixelBytes: Int, source: String) throws(DatasetError)
    -> [UInt8]
  {
    var out = [UInt8](repeating: 0, count: rows * rowBytes)
    for y in 0..<rows {
      let filter = scanlines[y * (rowBytes + 1)]
      let line = y * (rowBytes + 1) + 1
      for x in 0..<rowBytes {
        let raw = Int(scanlines[line + x])
        let a = x >= pixelBytes ? Int(out[y * rowBytes + x - pixelBytes]) : 0
        let b = y > 0 ? Int(out[(y - 1) * rowBytes + x]) : 0
        let c = x >= pixelBytes && y > 0 ? Int(out[(y - 1) * rowBytes + x - pixelBytes]) : 0
        let predictor: Int
        switch filter {
        case 0: predictor = 0
        case 1: predictor = a
        case 2: predictor = b
        case 3: predictor = (a + b) / 2
        case 4:
          let p = a + b - c
          let (pa, pb, pc) = (Swift.abs(p - a), Swift.abs(p - b), Swift.abs(p - c))
          predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
        default:
          throw .format(
            file: source, offset: y * (rowBytes + 1), reason: "unknown filter type \(filter) in row \(y) of the image data")
        }
        out[y * rowBytes + x] = UInt8((raw + predictor) & 0xFF)
      }
    }
    return out
  }
}
