import Evaluation
import Foundation
import Testing
@testable import AbsMahalanobis

/// The seven reproduction tables at smoke scale, in process.
@Suite("Tables of seed 003 (smoke scale)")
struct TablesTests {
  let context = RunContext(scale: .smoke, seed: 42, dataDirectories: [repositoryRoot.appendingPathComponent("Fixtures")],
                           quiet: true)

  @Test("[REPRO-20] [REPRO-24] the configuration tables print the values the code runs with")
  func configurations() throws {
    let tables = AbsMahalanobisTables.all
    #expect(tables.map(\.id) == ["abs-table1", "abs-table2", "abs-table3", "abs-figure1", "abs-table4", "abs-table5",
                                 "abs-figure2", "abs-table5-outliers"])
    let t1 = try tables[0].run(RunContext(scale: .paper, seed: 1, dataDirectories: []))
    #expect(t1.rows.filter { $0.paper != nil }.allSatisfy { $0.verdict == .within }, "paper scale runs Table 1's protocol")
    let t4 = try tables[4].run(RunContext(scale: .paper, seed: 1, dataDirectories: []))
    #expect(t4.rows.filter { $0.paper != nil }.allSatisfy { $0.verdict == .within })
    let smoke4 = try tables[4].run(context)
    #expect(smoke4.rows.contains { $0.verdict == .outside }, "smoke scale shortens the protocol and says so")
  }

  @Test("[REPRO-21] [REPRO-22] Tables 2 and 3's paper values are labelled; a missing row is an error naming it")
  func experiment1PaperValues() throws {
    typealias Row = Experiment1Tables.PaperRow
    // Table 3's ReLU column as seed 003 prints it: 0.833, 1.165, 0.660; 93 coherent, 203 adhoc, 4 dead.
    let relu = try Experiment1Tables.paperValues(Row(condition: .data, activation: .relu))
    #expect(relu.error == 0.833 && relu.coherentError == 1.165 && relu.adhocError == 0.660)
    #expect(NodeClass.allCases.map(relu.count) == [93, 203, 4])
    // Table 2's Abs column: 243 coherent, 57 adhoc, 0 dead; error 0.468.
    let abs = try Experiment1Tables.paperValues(Row(condition: .uniform, activation: .abs))
    #expect(abs.error == 0.468 && NodeClass.allCases.map(abs.count) == [243, 57, 0])
    // Each table's counts cover its 300 models.
    for (row, values) in Experiment1Tables.paperValues.rows {
      #expect(NodeClass.allCases.map(values.count).reduce(0, +) == 300, "\(row)")
    }
    let lookup = PaperValues<Row, Int>(table: "Tables 2 and 3", [:])
    #expect(throws: ReportError.failed(table: "Tables 2 and 3",
                                       reason: "the paper prints no row (uniform bias, ReLU)")) {
      try lookup(Row(condition: .uniform, activation: .relu))
    }
  }

  @Test("[REPRO-21] [REPRO-22] [REPRO-23] Experiment 1 tables and Figure 1 run from one shared run, with paper values and counts")
  func experiment1() throws {
    let tables = AbsMahalanobisTables.all
    let t2 = try tables[1].run(context), t3 = try tables[2].run(context), f1 = try tables[3].run(context)
    for t in [t2, t3] {
      // Three seedings (ABS-40) of 2 x 9 + 2 rows each, then 2 x 2 rows against the author's stored run.
      #expect(t.rows.count == 3 * (2 * 9 + 2) + 4)
      #expect(t.rows.filter { $0.paper != nil }.count == 3 * (12 + 2))
      #expect(t.rows.filter(\.isCount).count == 3 * 2 * 6 + 2)
      #expect(t.notes.contains { $0.contains("Experiment 1 (ours (seed stream)) trained 120 models") })
      // At smoke scale the author-seeded run is their first 30 models, all in their stored class.
      let stored = t.rows.filter { $0.metric.hasPrefix("models in the author's stored class") }
      #expect(stored.count == 2 && stored.allSatisfy { $0.ours.mean == 30 })
    }
    #expect(f1.files.map(\.0) == ["abs-figure1.svg", "abs-figure1-author.svg"] && f1.files.allSatisfy { $0.1.hasPrefix("<svg") })
    // The shared run: the counts in Table 2 are the arrows of Figure 1, for ours and the author-seeded run.
    for seeding in [Experiment1Seeding.seedStream, .authorRun] {
      let coherent = t2.rows.first { $0.key[0].1 == seeding.description && $0.key[1].1 == "Abs"
          && $0.metric == "coherent count" }!.ours.mean
      let arrows = f1.rows.first { $0.key[0].1 == seeding.description && $0.key[1].1 == "Abs, uniform bias"
          && $0.metric == "coherent arrows" }!.ours.mean
      #expect(coherent == arrows)
    }
    for t in [t2, t3, f1] {
      // No cell may contain a pipe: every table line has as many as the header.
      let lines = t.markdown.split(separator: "\n").filter { $0.hasPrefix("|") }
      let pipes = lines.map { $0.filter { $0 == "|" }.count }
      #expect(Set(pipes).count == 1, "\(t.id): \(pipes)")
    }
  }

  @Test("[REPRO-25] [REPRO-26] Table 5 and Figure 2 run on the shipped slice at smoke scale, with k-means beside the networks")
  func experiment2() throws {
    let tables = AbsMahalanobisTables.all
    let t5 = try tables[5].run(context), f2 = try tables[6].run(context)
    #expect(t5.rows.filter { $0.key[0].1 == "ReLU" }.count == 12)
    #expect(t5.rows.filter { $0.paper != nil }.count == 4 * 12)
    #expect(t5.rows.contains { $0.key[0].1.hasPrefix("k-means") && $0.metric == "accuracy" })
    #expect(t5.notes.contains { $0.contains("not comparable") })
    #expect(f2.files.count == 1 && f2.files[0].1.components(separatedBy: "<polyline").count - 1 == 8)
    #expect(f2.rows.count == 4 * 3)
  }

  @Test(
    """
      [REPRO-82] abs-table5-outliers trains only the Abs conditions, the same models as abs-table5; the paper's other nine \
      follow from its mean and minimum
      """
  )
  func outliers() throws {
    // Fresh caches: the outlier table alone trains two conditions, Table 5 all four.
    let table = try #require(AbsMahalanobisTables.all.first { $0.id == "abs-table5-outliers" })
    let t5 = try #require(AbsMahalanobisTables.all.first { $0.id == "abs-table5" })
    let outliers = try table.run(context), five = try t5.run(context)
    #expect(outliers.rows.count == 2 * 7, "two models per condition at smoke scale: no spread row")
    func row(_ report: TableReport, _ condition: String, _ metric: String) throws -> ReportRow {
      try #require(report.rows.first { $0.key[0].1 == condition && $0.metric == metric }, "\(condition) \(metric)")
    }
    for condition in ["Abs", "Abs + bias sampling"] {
      #expect(try row(outliers, condition, "unique errors, all 2").ours == row(five, condition, "unique errors").ours)
      #expect(try row(outliers, condition, "least accurate model: accuracy").ours.mean
                == row(five, condition, "accuracy (min)").ours.mean)
      #expect(try row(outliers, condition, "unique errors, the other 1").ours.mean
                <= row(five, condition, "unique errors").ours.mean)
    }
    // Abs: (10 * 0.9749 - 0.9554) / 9 and (10 * 250.9 - 10,000 * (1 - 0.9554)) / 9.
    let accuracy = try row(outliers, "Abs", "the other 1: mean accuracy").paper!.mean
    let errors = try row(outliers, "Abs", "the other 1: mean error count").paper!.mean
    #expect(Swift.abs(accuracy - 0.977066666) < 1e-8 && Swift.abs(errors - 229.222222) < 1e-5, "\(accuracy) \(errors)")
  }
}
