import Tensors

/// Broadcasting arithmetic (FOUND-21). Forward values follow numpy broadcasting (FOUND-2); each
/// backward rule computes the cotangent at the broadcast shape, then sums it back to the input's
/// shape with `sumToShape`, the adjoint of broadcasting.
extension Variable {
  /// z = a + b.  VJP: da = sum_to_shape(g), db = sum_to_shape(g).
  public static func + (a: Variable, b: Variable) throws(TensorError) -> Variable {
    let (sa, sb) = (a.shape, b.shape)
    return a.tape.record(try a.value + b.value, inputs: [a, b], operation: "add") { g throws(TensorError) in
      [try g.sumToShape(sa), try g.sumToShape(sb)]
    }
  }

  /// z = a - b.  VJP: da = sum_to_shape(g), db = -sum_to_shape(g).
  public static func - (a: Variable, b: Variable) throws(TensorError) -> Variable {
    let (sa, sb) = (a.shape, b.shape)
    return a.tape.record(try a.value - b.value, inputs: [a, b], operation: "subtract") { g throws(TensorError) in
      [try g.sumToShape(sa), -(try g.sumToShape(sb))]
    }
  }

  /// z = a * b (elementwise).  VJP: da = sum_to_shape(g * b), db = sum_to_shape(g * a).
  public static func * (a: Variable, b: Variable) throws(TensorError) -> Variable {
    let (va, vb) = (a.value, b.value)
    return a.tape.record(try va * vb, inputs: [a, b], operation: "multiply") { g throws(TensorError) in
      [try (g * vb).sumToShape(va.shape), try (g * va).sumToShape(vb.shape)]
    }
  }

  /// z = a / b (elementwise).  VJP: da = sum_to_shape(g / b), db = sum_to_shape(-g * a / b^2).
  public static func / (a: Variable, b: Variable) throws(TensorError) -> Variable {
    let (va, vb) = (a.value, b.value)
    return a.tape.record(try va / vb, inputs: [a, b], operation: "divide") { g throws(TensorError) in
      let da = try (g / vb).sumToShape(va.shape)
      let db = try (try g * va).zip(vb, operation: "divide backward") { ga, b in -ga / (b * b) }.sumToShape(vb.shape)
      return [da, db]
    }
  }

  /// z = -a.  VJP: da = -g.
  public static prefix func - (a: Variable) -> Variable {
    a.tape.record(-a.value, inputs: [a], operation: "negate") { g in [-g] }
  }

  /// z = a + c for a constant c.  VJP: da = g.
  public static func + (a: Variable, c: Double) -> Variable {
    a.tape.record(a.value + c, inputs: [a], operation: "add constant") { g in [g] }
  }

  /// z = a - c for a constant c.  VJP: da = g.
  public static func - (a: Variable, c: Double) -> Variable { a + (-c) }

  /// z = c * a for a constant c.  VJP: da = c g.
  public static func * (a: Variable, c: Double) -> Variable {
    a.tape.record(a.value * c, inputs: [a], operation: "scale") { g in [g * c] }
  }

  /// z = c * a for a constant c.
  public static func * (c: Double, a: Variable) -> Variable { a * c }

  /// z = a / c for a constant c.  VJP: da = g / c.
  public static func / (a: Variable, c: Double) -> Variable {
    a.tape.record(a.value / c, inputs: [a], operation: "divide by constant") { g in [g / c] }
  }

  /// z = a + t for a constant tensor t (broadcasting).  VJP: da = sum_to_shape(g).
  public func adding(_ t: Tensor) throws(TensorError) -> Variable {
    let shape = self.shape
    return tape.record(try value + t, inputs: [self], operation: "add tensor") { g throws(TensorError) in
      [try g.sumToShape(shape)]
    }
  }

  /// z = a * t for a constant tensor t (broadcasting).  VJP: da = sum_to_shape(g * t).
  public func multiplying(_ t: Tensor) throws(TensorError) -> Variable {
    let shape = self.shape
    return tape.record(try value * t, inputs: [self], operation: "multiply tensor") { g throws(TensorError) in
      [try (g * t).sumToShape(shape)]
    }
  }
}
