using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Recovery.Analytics.Features.Propensity;

/// <summary>What a training produced: the model's bytes, its calibration and its quality on the validation slice.</summary>
internal sealed record Trained(byte[] Payload, double PlattA, double PlattB, int Rows, int TrainRows, int ValidationRows, double Auc,
    double Ks, double Brier, IReadOnlyList<CalibrationBin> Calibration);

/// <summary>
/// Gradient-boosted trees (ML.NET FastTree, fully managed) over the features, trained on the earlier snapshots and
/// validated on the later ones (a time split: the validation slice is the future of the training slice), the raw
/// scores calibrated by Platt scaling fitted on the validation slice. Each prediction explains itself by the trees'
/// per-feature contributions, turned into log-odds by the calibration's slope.
/// </summary>
internal sealed class PropensityModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly TreePaths? _paths;
    private readonly double _a, _b;

    private PropensityModel(MLContext ml, ITransformer model, double a, double b)
    {
        _ml = ml;
        _model = model;
        _a = a;
        _b = b;
        if (model is BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> tree)
            _paths = new TreePaths(tree.Model.SubModel.TrainedTreeEnsemble);
    }

    public static PropensityModel Load(byte[] payload, double plattA, double plattB)
    {
        var ml = new MLContext(seed: 1);
        using var stream = new MemoryStream(payload);
        return new PropensityModel(ml, ml.Model.Load(stream, out _), plattA, plattB);
    }

    /// <summary>Trains on the examples (at least two snapshots); the last quarter of the snapshot dates validates.</summary>
    public static Trained Train(IReadOnlyList<Example> examples, Action<int>? progress = null)
    {
        var dates = examples.Select(e => e.Snapshot).Distinct().Order().ToList();
        if (dates.Count < 2) throw new InvalidOperationException("at least two snapshots are needed for a time split");
        var cut = dates[Math.Max(1, dates.Count - Math.Max(1, dates.Count / 4))];
        var train = examples.Where(e => e.Snapshot < cut).ToList();
        var validation = examples.Where(e => e.Snapshot >= cut).ToList();
        if (train.Select(e => e.Label).Distinct().Count() < 2 || validation.Select(e => e.Label).Distinct().Count() < 2)
            throw new InvalidOperationException("both outcomes are needed in the training and in the validation slice");

        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(train.Select(Row.Of));
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfLeaves = 31,
            NumberOfTrees = 200,
            MinimumExampleCountPerLeaf = Math.Clamp(train.Count / 200, 5, 200),
            LearningRate = 0.1,
            Shrinkage = 1,
            FeatureFraction = 1,
        });
        var model = trainer.Fit(data);
        progress?.Invoke(70);

        var raw = Raw(ml, model, validation.Select(e => e.Features.Values).ToList());
        var labels = validation.Select(e => e.Label).ToList();
        var (a, b) = Metrics.Platt(raw, labels);
        var probabilities = raw.Select(s => Scorecard.Sigmoid(a * s + b)).ToList();
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        progress?.Invoke(90);
        return new Trained(stream.ToArray(), a, b, examples.Count, train.Count, validation.Count, Metrics.Auc(probabilities, labels),
            Metrics.Ks(probabilities, labels), Metrics.Brier(probabilities, labels), Metrics.Calibration(probabilities, labels));
    }

    private static List<double> Raw(MLContext ml, ITransformer model, IReadOnlyList<float[]> rows)
    {
        var scored = model.Transform(ml.Data.LoadFromEnumerable(rows.Select(v => new Row { Features = v })));
        return scored.GetColumn<float>("Score").Select(s => (double)s).ToList();
    }

    /// <summary>The raw scores as ML.NET computes them (the reference the tree walk is checked against).</summary>
    public IReadOnlyList<double> RawScores(IReadOnlyList<float[]> rows) => Raw(_ml, _model, rows);

    /// <summary>The calibrated probabilities of many debts at once (the scoring job, the bench).</summary>
    public IReadOnlyList<double> Probabilities(IReadOnlyList<float[]> rows) =>
        (_paths is { } paths ? rows.Select(r => paths.Score(r)).ToList() : Raw(_ml, _model, rows)).Select(s => Scorecard.Sigmoid(_a * s + _b)).ToList();

    /// <summary>Probabilities with their top reasons: each feature's contribution to the trees' score, in log-odds.</summary>
    public IReadOnlyList<Scored> Score(IReadOnlyList<FeatureSet> debts, string version)
    {
        if (_paths is null)
            return Probabilities(debts.Select(d => d.Values).ToList()).Select(p => new Scored(p, version, [])).ToList();
        var result = new List<Scored>(debts.Count);
        var contributions = new double[FeatureSet.Count];
        foreach (var d in debts)
        {
            Array.Clear(contributions);
            var raw = _paths.Score(d.Values, contributions);
            result.Add(new Scored(Scorecard.Sigmoid(_a * raw + _b), version,
                Scorecard.Top(FeatureSet.Codes.Select((c, k) => (c, _a * contributions[k])), d)));
        }
        return result;
    }

    private sealed class Row
    {
        [VectorType(FeatureSet.Count)] public float[] Features { get; set; } = [];
        public bool Label { get; set; }

        public static Row Of(Example e) => new() { Features = e.Features.Values, Label = e.Label };
    }
}
