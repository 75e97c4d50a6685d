using Ambient.Governance.Tests.Support;

namespace Ambient.Governance.Tests.Policies;

/// <summary>The confidence the model stated: below (exclusive), atLeast (inclusive); unknown counts as 0.</summary>
public sealed class ConfidenceConditionTests
{
    [Theory]
    [InlineData(0.5, true)]
    [InlineData(0.79, true)]
    [InlineData(0.8, false)]
    [InlineData(1.0, false)]
    public void Below_HoldsUnderTheBound(double confidence, bool matches)
    {
        var why = TestPolicies.WhyNot("{confidence: {below: 0.8}}", Calls.Of("kubernetes.restart_workload", confidence: confidence));

        Assert.Equal(matches, why is null);
    }

    [Theory]
    [InlineData(0.9, true)]
    [InlineData(0.8, true)]
    [InlineData(0.5, false)]
    public void AtLeast_HoldsFromTheBound(double confidence, bool matches)
    {
        var why = TestPolicies.WhyNot("{confidence: {atLeast: 0.8}}", Calls.Of("kubernetes.restart_workload", confidence: confidence));

        Assert.Equal(matches, why is null);
    }

    [Fact]
    public void Unknown_CountsAsZero_SoBelowHoldsAndAtLeastDoesNot()
    {
        var call = Calls.Of("kubernetes.restart_workload", confidence: null);

        var below = TestPolicies.WhyNot("{confidence: {below: 0.8}}", call);
        var atLeast = TestPolicies.WhyNot("{confidence: {atLeast: 0.1}}", call);

        Assert.Null(below);
        Assert.Equal("confidence unknown (counted as 0) is not at least 0.1", atLeast);
    }

    [Fact]
    public void BelowAndAtLeast_MakeARange()
    {
        const string Match = "{confidence: {atLeast: 0.3, below: 0.7}}";

        Assert.Null(TestPolicies.WhyNot(Match, Calls.Of("kubernetes.restart_workload", confidence: 0.5)));
        Assert.Equal("confidence 0.7 is not below 0.7", TestPolicies.WhyNot(Match, Calls.Of("kubernetes.restart_workload", confidence: 0.7)));
        Assert.Equal("confidence 0.2 is not at least 0.3", TestPolicies.WhyNot(Match, Calls.Of("kubernetes.restart_workload", confidence: 0.2)));
    }
}
