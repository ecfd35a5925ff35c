using Microsoft.ML.Trainers.FastTree;

namespace Recovery.Analytics.Features.Propensity;

/// <summary>
/// The trees of a FastTree model walked directly: the raw score (the ensemble's bias plus each tree's weighted leaf)
/// and each feature's contribution to it along the path (Saabas' attribution: the change in a node's mean leaf value
/// from a node to the child the debt went to belongs to the feature the node split on), so the contributions add up to
/// the score minus the ensemble's mean. The same arithmetic as the model, without the data-view machinery per row.
/// </summary>
internal sealed class TreePaths
{
    private readonly Tree[] _trees;
    private readonly double _bias;

    private sealed record Tree(double Weight, int[] Left, int[] Right, int[] Feature, float[] Threshold, double[] Leaf, double[] Mean, double RootMean);

    public TreePaths(RegressionTreeEnsemble ensemble)
    {
        _bias = ensemble.Bias;
        _trees = ensemble.Trees.Select((t, i) =>
        {
            var left = t.LeftChild.ToArray();
            var right = t.RightChild.ToArray();
            var leaf = t.LeafValues.ToArray();
            var mean = new double[left.Length];
            var count = new int[left.Length];
            for (var n = left.Length - 1; n >= 0; n--) Fill(n);
            return new Tree(ensemble.TreeWeights[i], left, right, t.NumericalSplitFeatureIndexes.ToArray(), t.NumericalSplitThresholds.ToArray(), leaf, mean,
                left.Length == 0 ? (leaf.Length > 0 ? leaf[0] : 0) : mean[0]);

            // A node's mean over its leaves (unweighted), children before parents (FastTree numbers children after parents).
            (double Sum, int Count) Of(int child) => child < 0 ? (leaf[~child], 1) : (mean[child] * count[child], count[child]);
            void Fill(int n)
            {
                var (ls, lc) = Of(left[n]);
                var (rs, rc) = Of(right[n]);
                count[n] = lc + rc;
                mean[n] = (ls + rs) / count[n];
            }
        }).ToArray();
    }

    /// <summary>The raw score of one row and, when asked, each feature's share of it.</summary>
    public double Score(float[] features, double[]? contributions = null)
    {
        var score = _bias;
        foreach (var t in _trees)
        {
            if (t.Left.Length == 0) { score += t.Weight * t.RootMean; continue; }
            var node = 0;
            var before = t.Mean[0];
            score += t.Weight * before;
            while (true)
            {
                var next = features[t.Feature[node]] <= t.Threshold[node] ? t.Left[node] : t.Right[node];
                var after = next < 0 ? t.Leaf[~next] : t.Mean[next];
                var change = t.Weight * (after - before);
                score += change;
                if (contributions is not null) contributions[t.Feature[node]] += change;
                if (next < 0) break;
                node = next;
                before = after;
            }
        }
        return score;
    }
}
