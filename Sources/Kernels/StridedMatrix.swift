/// A read-only view of a matrix of doubles in memory (FOUND-13).
///
/// Element (i, j) lives at `base[i * rowStride + j * columnStride]`. A row-major m x n matrix has
/// `rowStride = n, columnStride = 1`; its transpose is the same memory with the strides swapped,
/// which is how the products A B^T and A^T B reach the kernel without a transposed copy.
/// The view owns nothing: the caller keeps the memory alive while the view is used.
@frozen
public struct StridedMatrix: @unchecked Sendable {
  public let base: UnsafePointer<Double>
  public let rowStride: Int
  public let columnStride: Int

  @inlinable
  public init(_ base: UnsafePointer<Double>, rowStride: Int, columnStride: Int = 1) {
    self.base = base
    self.rowStride = rowStride
    self.columnStride = columnStride
  }

  /// The transpose: element (i, j) of the result is element (j, i) of `self`.
  @inlinable
  public var transposed: StridedMatrix { StridedMatrix(base, rowStride: columnStride, columnStride: rowStride) }

  @inlinable
  public subscript(i: Int, j: Int) -> Double {
    @inline(__always) get { base[i &* rowStride &+ j &* columnStride] }
  }
}
