/// The constants of the case activation's scaled sigmoid (NNKNN-5):
/// act(q, c) = sigmoid((bias_c - d(q, c)) * 8 / B - 4), the authors' choice, so that an identical
/// case (d = 0) at the starting bias B gives sigmoid(4) = 0.982 and a case at distance B gives
/// sigmoid(-4) = 0.018: the activation falls from near 1 to near 0 across one default bias.
public enum CaseActivation {
  /// The 8 of 8 / B: the sigmoid's argument changes by 8 while bias - d goes from B to 0.
  public static let span = 8.0
  /// The -4: the sigmoid's midpoint sits at bias - d = B / 2.
  public static let offset = -4.0

  /// The slope 8 / B multiplying bias - d.
  public static func slope(defaultBias: Double) -> Double { span / defaultBias }
}
