import Foundation
@testable import Networks

/// PyTorch's optimiser steps transcribed line by line from torch/optim/sgd.py and adam.py
/// (`_single_tensor_sgd`, `_single_tensor_adam`, `_single_tensor_adamw`) into plain Double
/// arithmetic on flat arrays, as the tests' independent reference. Each tensor operation is
/// written element by element in the order the Python line evaluates it.
enum TorchReference {
  struct SGDSettings { var lr: Double, momentum = 0.0, dampening = 0.0, weightDecay = 0.0, nesterov = false }

  /// Parameters after each step; `steps[s][i]` is the gradient of parameter i at step s.
  static func sgd(_ params: [[Double]], _ steps: [[[Double]]], _ h: [SGDSettings]) -> [[[Double]]] {
    var params = params
    var momentumBuffer = [[Double]?](repeating: nil, count: params.count)
    var trajectory: [[[Double]]] = []
    for grads in steps {
      for (i, param) in params.enumerated() {
        let (lr, momentum, dampening, weightDecay, nesterov) = (h[i].lr, h[i].momentum, h[i].dampening, h[i].weightDecay,
                                                                h[i].nesterov)
        var grad = grads[i]
        if weightDecay != 0 {
          grad = (0..<grad.count).map { grad[$0] + weightDecay * param[$0] }   // grad.add(param, alpha=wd)
        }
        if momentum != 0 {
          if var buf = momentumBuffer[i] {
            buf = (0..<buf.count).map { buf[$0] * momentum }                   // buf.mul_(momentum)
            buf = (0..<buf.count).map { buf[$0] + (1 - dampening) * grad[$0] } //    .add_(grad, alpha=1-dampening)
            momentumBuffer[i] = buf
          } else {
            momentumBuffer[i] = grad                                           // torch.clone(grad)
          }
          let buf = momentumBuffer[i]!
          if nesterov {
            grad = (0..<grad.count).map { grad[$0] + momentum * buf[$0] }      // grad.add(buf, alpha=momentum)
          } else {
            grad = buf
          }
        }
        params[i] = (0..<param.count).map { param[$0] + (-lr) * grad[$0] }      // param.add_(grad, alpha=-lr)
      }
      trajectory.append(params)
    }
    return trajectory
  }

  struct AdamSettings {
    var lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0.0
    var amsgrad = false, decoupled = false, lerp = true
  }

  /// torch's lerp(self, end, weight) from aten/src/ATen/native/Lerp.h.
  static func lerp(_ start: Double, _ end: Double, _ weight: Double) -> Double {
    abs(weight) < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight)
  }

  static func adam(_ params: [[Double]], _ steps: [[[Double]]], _ h: [AdamSettings]) -> [[[Double]]] {
    var params = params
    var expAvg = params.map { [Double](repeating: 0, count: $0.count) }
    var expAvgSq = expAvg, maxExpAvgSq = expAvg
    var stateStep = [Double](repeating: 0, count: params.count)
    var trajectory: [[[Double]]] = []
    for grads in steps {
      for i in params.indices {
        let s = h[i]
        var grad = grads[i]
        stateStep[i] += 1                                                      // step_t += 1
        if s.weightDecay != 0 {
          if s.decoupled {
            let factor = 1 - s.lr * s.weightDecay
            params[i] = params[i].map { $0 * factor }                          // param.mul_(1 - lr * wd)
          } else {
            grad = (0..<grad.count).map { grad[$0] + s.weightDecay * params[i][$0] }
          }
        }
        if s.lerp {
          expAvg[i] = (0..<grad.count).map { lerp(expAvg[i][$0], grad[$0], 1 - s.beta1) }  // exp_avg.lerp_(grad, 1 - beta1)
        } else {
          expAvg[i] = expAvg[i].map { $0 * s.beta1 }                           // exp_avg.mul_(beta1)
          expAvg[i] = (0..<grad.count).map { expAvg[i][$0] + (1 - s.beta1) * grad[$0] }  // .add_(grad, alpha=1 - beta1)
        }
        expAvgSq[i] = expAvgSq[i].map { $0 * s.beta2 }                         // exp_avg_sq.mul_(beta2)
        expAvgSq[i] = (0..<grad.count).map { expAvgSq[i][$0] + (1 - s.beta2) * grad[$0] * grad[$0] }  // .addcmul_
        let step = stateStep[i]
        let biasCorrection1 = 1 - pow(s.beta1, step)
        let biasCorrection2 = 1 - pow(s.beta2, step)
        let stepSize = s.lr / biasCorrection1
        let biasCorrection2Sqrt = sqrt(biasCorrection2)
        var denom: [Double]
        if s.amsgrad {
          maxExpAvgSq[i] = (0..<grad.count).map { max(maxExpAvgSq[i][$0], expAvgSq[i][$0]) }  // torch.maximum
          denom = maxExpAvgSq[i].map { sqrt($0) / biasCorrection2Sqrt }
        } else {
          denom = expAvgSq[i].map { sqrt($0) / biasCorrection2Sqrt }
        }
        denom = denom.map { $0 + s.eps }                                       // .add_(eps)
        params[i] = (0..<grad.count).map { params[i][$0] + (-stepSize) * expAvg[i][$0] / denom[$0] }  // addcdiv_
      }
      trajectory.append(params)
    }
    return trajectory
  }
}
