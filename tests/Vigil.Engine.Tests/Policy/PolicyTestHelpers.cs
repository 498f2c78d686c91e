using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Policy;

internal static class PolicyTestHelpers
{
    public static PolicySet Load(TempControlDirectory dir) => ControlDirectoryLoader.Load(new ControlLayers([dir.Path]));

    public static IReadOnlyList<Finding> Evaluate(PolicySet policy, TestMessage message) =>
        new PolicyEvaluator(policy).Evaluate(message.Analysis());

    public static IReadOnlyList<Finding> Evaluate(TempControlDirectory dir, TestMessage message) =>
        Evaluate(Load(dir), message);

    public static IEnumerable<string> Rules(this IEnumerable<Finding> findings) => findings.Select(f => f.Rule);
}
