import Tensors

/// Matrix product and shape operations (FOUND-26).
extension Variable {
  /// Z = A B with A [m, k], B [k, n] -> Z [m, n].  VJP: dA = G B^T [m, k], dB = A^T G [k, n].
  /// (The transposes are read through views by the kernel, never copied.)
  public func matmul(_ b: Variable) throws(TensorError) -> Variable {
    let (va, vb) = (value, b.value)
    // Selective (FOUND-72): a constant operand (a one-hot matrix, a data batch) gets no product.
    return tape.record(try va.matmul(vb), inputs: [self, b], operation: "matmul") { g, needed throws(TensorError) in
      [needed[0] ? try g.matmul(vb, transposeSelf: false, transposeOther: true) : nil,
       needed[1] ? try va.matmul(g, transposeSelf: true, transposeOther: false) : nil]
    }
  }

  /// Z = A B^T with A [m, k], B [n, k] -> Z [m, n]: a linear layer's x W^T with W in PyTorch's
  /// [out, in] layout, without a transpose node.  VJP: dA = G B [m, k], dB = G^T A [n, k].
  public func matmulTransposed(_ b: Variable) throws(TensorError) -> Variable {
    let (va, vb) = (value, b.value)
    return tape.record(try va.matmul(vb, transposeSelf: false, transposeOther: true), inputs: [self, b],
                       operation: "matmulTransposed") { g, needed throws(TensorError) in
      [needed[0] ? try g.matmul(vb) : nil, needed[1] ? try g.matmul(va, transposeSelf: true, transposeOther: false) : nil]
    }
  }

  /// Z = A^T for a matrix A [m, n] -> [n, m].  VJP: dA = G^T.
  public func transposed() throws(TensorError) -> Variable {
    tape.record(try value.transposed(), inputs: [self], operation: "transpose") { g throws(TensorError) in
      [try g.transposed()]
    }
  }

  /// The same elements under a new shape.  VJP: dA = G reshaped back.
  public func reshaped(_ shape: [Int]) throws(TensorError) -> Variable {
    let original = self.shape
    return tape.record(try value.reshaped(shape), inputs: [self], operation: "reshape") { g throws(TensorError) in
      [try g.reshaped(original)]
    }
  }

  /// Rows `indices` of A [n, ...] -> [indices.count, ...] (repeats allowed).
  /// VJP: dA[i] = sum of G[r] over the positions r where indices[r] = i (scatter-add, in order r).
  public func gatherRows(_ indices: [Int]) throws(TensorError) -> Variable {
    let original = value
    return tape.record(try original.rows(at: indices), inputs: [self], operation: "gatherRows") { g in
      var d = Tensor.zeros(original.shape)
      let width = original.shape.dropFirst().reduce(1, *)
      for (r, i) in indices.enumerated() {
        for c in 0..<width { d[flat: i * width + c] += g.scalars[r * width + c] }
      }
      return [d]
    }
  }

  /// Concatenation along `axis` of variables whose shapes agree on every other axis.
  /// VJP: each input receives its own slice of G along that axis.
  public static func concatenate(_ parts: [Variable], axis: Int) throws(TensorError) -> Variable {
    guard let first = parts.first else { throw .empty(operation: "concatenate", shape: []) }
    let shapes = parts.map(\.shape)
    let rank = shapes[0].count
    guard axis >= 0 && axis < rank else { throw .axisOutOfRange(operation: "concatenate", axis: axis, rank: rank) }
    for s in shapes {
      guard s.count == rank, (0..<rank).allSatisfy({ $0 == axis || s[$0] == shapes[0][$0] }) else {
        throw .shapeMismatch(operation: "concatenate", shapes[0], s)
      }
    }
    let outer = shapes[0][..<axis].reduce(1, *)
    let inner = shapes[0][(axis + 1)...].reduce(1, *)
    let extents = shapes.map { $0[axis] }
    let total = extents.reduce(0, +)
    var out = [Double]()
    out.reserveCapacity(outer * total * inner)
    let values = parts.map(\.value)
    for o in 0..<outer {
      for (p, v) in values.enumerated() {
        let block = extents[p] * inner
        out.append(contentsOf: v.scalars[(o * block)..<((o + 1) * block)])
      }
    }
    var resultShape = shapes[0]
    resultShape[axis] = total
    let result = try Tensor(shape: resultShape, scalars: out)
    // The VJP needs only the shapes: capturing `parts` (Variables, which hold the tape) would make
    // a reference cycle that keeps the whole tape alive (FOUND-64).
    return first.tape.record(result, inputs: parts, operation: "concatenate") { g throws(TensorError) in
      var pieces = [[Double]](repeating: [], count: shapes.count)
      var offset = 0
      for _ in 0..<outer {
        for p in 0..<shapes.count {
          let block = extents[p] * inner
          pieces[p].append(contentsOf: g.scalars[offset..<(offset + block)])
          offset += block
        }
      }
      var grads = [Tensor]()
      for p in 0..<shapes.count { grads.append(try Tensor(shape: shapes[p], scalars: pieces[p])) }
      return grads
    }
  }
}
