import Evaluation

/// Every function the oracle knows, gathered from the modules that own them (ORACLE-1).
enum OracleRegistry {
  static var functions: [OracleFunction] {
    FoundationFunctions.all + EvaluationFunctions.all + DatasetFunctions.all + AbsMahalanobisFunctions.all
  }
}
