extension Dataset {
  /// Row `index` as an 8-bit image (DATA-72), for figures: the sample shape [H, W] (grey) or
  /// [C, H, W] (channel-major, C = 1 or 3, interleaved to RGB), each value rounded and clamped to
  /// 0...255 (the raw pixel bytes of MNIST, CIFAR-10 and SVHN). Errors: another sample shape, an
  /// index out of range.
  public func pngImage(_ index: Int) throws(DatasetError) -> PNGImage {
    let shape = sampleShape.count == 2 ? [1] + sampleShape : sampleShape
    guard shape.count == 3, shape[0] == 1 || shape[0] == 3 else {
      throw .invalidArgument(operation: "Dataset.pngImage", reason: "sample shape \(sampleShape) is not [H, W] or [1 or 3, H, W]")
    }
    guard index >= 0, index < count else {
      throw .invalidArgument(operation: "Dataset.pngImage", reason: "row \(index) outside 0..<\(count)")
    }
    let (c, h, w) = (shape[0], shape[1], shape[2])
    let row = features.row(index)
    var pixels = [UInt8](repeating: 0, count: h * w * c)
    for channel in 0..<c {
      for p in 0..<(h * w) { pixels[p * c + channel] = UInt8(Swift.max(0, Swift.min(255, row[channel * h * w + p].rounded()))) }
    }
    return try PNGImage(width: w, height: h, channels: c, pixels: pixels)
  }
}
