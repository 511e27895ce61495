/// The gradients of every parameter an optimiser step will touch, checked before anything is
/// changed (NET-12): present, of the parameter's shape, finite; and any per-parameter state
/// already held has the parameter's size. So a step either updates everything or nothing.
struct CheckedGradients {
  private var byPosition: [Int: [Double]] = [:]

  init<State>(_ groups: [ResolvedGroup], _ store: ParameterStore, _ gradients: ParameterGradients,
              state: [String: State], size: (State) -> Int) throws(NetworkError) {
    for group in groups {
      for i in group.positions {
        let p = store.parameters[i]
        byPosition[i] = try gradients.checked(p.name, shape: p.value.shape).scalars
        if let s = state[p.name], size(s) != p.value.count {
          throw .parameterShape(name: p.name, expected: p.value.shape, got: [size(s)])
        }
      }
    }
  }

  init(_ groups: [ResolvedGroup], _ store: ParameterStore, _ gradients: ParameterGradients,
       state: [String: [Double]]) throws(NetworkError) {
    try self.init(groups, store, gradients, state: state, size: { $0.count })
  }

  subscript(position: Int) -> [Double] { byPosition[position]! }
}
