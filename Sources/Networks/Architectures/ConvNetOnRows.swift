/// NN-kNN's ConvNet (NET-39) reading images as matrix rows (NET-124), the form of NN-kNN's case
/// base: a first child "unflatten" (``Unflatten``, [N, C H W] -> [N, C, H, W]) and then the
/// ConvNet's children under their own names, so parameter names are NET-39's (`conv1.weight`, ...).
/// ``featureExtractor(inputChannels:imageSize:widths:)`` is its prefix through "relu3": the
/// penultimate-layer features seed 000 feeds to NN-kNN and kNN.
extension ConvolutionalNetworks {
  /// The classifier on rows [N, C H W]. Errors: those of ``convNet(inputChannels:imageSize:classes:widths:)``.
  public static func convNetOnRows(inputChannels: Int, imageSize: (height: Int, width: Int), classes: Int,
                                   widths: (Int, Int, Int) = (32, 64, 128)) throws(NetworkError) -> Sequential {
    let body = try convNet(inputChannels: inputChannels, imageSize: imageSize, classes: classes, widths: widths)
    let unflatten = try Unflatten([inputChannels, imageSize.height, imageSize.width])
    return try Sequential(named: [("unflatten", unflatten)] + body.namedChildren.map { ($0.name, $0.layer) })
  }

  /// The feature extractor on rows: ``convNetOnRows(inputChannels:imageSize:classes:widths:)``
  /// through ``convNetFeatureTap`` (the `widths.2` ReLU outputs). `classes` does not matter to it.
  public static func featureExtractor(inputChannels: Int, imageSize: (height: Int, width: Int),
                                      widths: (Int, Int, Int) = (32, 64, 128)) throws(NetworkError) -> Sequential {
    try convNetOnRows(inputChannels: inputChannels, imageSize: imageSize, classes: 1, widths: widths).prefix(
      through: convNetFeatureTap)
  }
}
