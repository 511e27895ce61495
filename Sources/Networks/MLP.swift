/// The multilayer perceptron builder (NET-5); its forward pass, losses and gradients agree with
/// torch autograd for every activation and loss (NET-112).
public enum MLP {
  /// Linear(w0, w1), act, [Dropout(p)], Linear(w1, w2), act, ..., Linear(w(L-1), wL) [, final]:
  /// an activation (and, when `dropout` is given, a Dropout) after every hidden Linear, and
  /// `finalActivation` (if any) after the last one. As a ``Sequential``, the Linear layers sit
  /// at positions 0, 2, 4, ... (0, 3, 6, ... with dropout), which fixes the parameter names
  /// ("0.weight", "0.bias", "2.weight", ...) to those of the equivalent torch `nn.Sequential`.
  ///
  /// Errors: fewer than two widths or a width below 1 (`invalidWidths`), p outside [0, 1).
  public static func make(widths: [Int], activation: Nonlinearity, finalActivation: Nonlinearity? = nil,
                          dropout: Double? = nil) throws(NetworkError) -> Sequential {
    guard widths.count >= 2, widths.allSatisfy({ $0 >= 1 }) else { throw .invalidWidths(widths) }
    var layers: [any Layer] = []
    for k in 0..<(widths.count - 1) {
      layers.append(try Linear(widths[k], widths[k + 1]))
      if k < widths.count - 2 {
        layers.append(activation.layer)
        if let dropout { layers.append(try Dropout(dropout)) }
      }
    }
    if let finalActivation { layers.append(finalActivation.layer) }
    return Sequential(layers)
  }
}
