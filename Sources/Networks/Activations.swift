import Autodiff
import Tensors

/// Parameter-free activation layers (NET-4). Each applies Autodiff's elementwise operation of
/// the same name (FOUND-23), with its kink convention (FOUND-24): relu'(0) = 0, |x|'(0) = 0,
/// leakyReLU'(0) = slope. Any input shape is accepted; the output has the input's shape.
public struct ReLU: Layer {
  public init() {}
  public var description: String { "ReLU" }
  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable { x.relu() }
}

/// y = |x| (NET-4).
public struct Abs: Layer {
  public init() {}
  public var description: String { "Abs" }
  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable { x.abs() }
}

/// y = x for x > 0, slope * x otherwise; PyTorch's default slope is 0.01 (NET-4).
public struct LeakyReLU: Layer {
  public let slope: Double
  public init(slope: Double = 0.01) { self.slope = slope }
  public var description: String { "LeakyReLU(slope: \(slope))" }
  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable { x.leakyReLU(slope: slope) }
}

/// The logistic function, computed stably (FOUND-25) (NET-4).
public struct Sigmoid: Layer {
  public init() {}
  public var description: String { "Sigmoid" }
  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable { x.sigmoid() }
}

/// y = tanh x (NET-4).
public struct Tanh: Layer {
  public init() {}
  public var description: String { "Tanh" }
  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable { x.tanh() }
}

/// y = x: records nothing and returns its input (NET-4).
public struct Identity: Layer {
  public init() {}
  public var description: String { "Identity" }
  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable { x }
}
