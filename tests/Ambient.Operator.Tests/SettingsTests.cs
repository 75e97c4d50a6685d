namespace Ambient.Operator.Tests;

/// <summary>A misconfigured operator does not start: it names every setting that is wrong.</summary>
public sealed class SettingsTests
{
    [Fact]
    public void Create_LeaseShorterThanItsRenewal_RefusesToStartNamingTheKeys()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ambient:Operator:KubernetesUrl"] = "http://127.0.0.1:1",
            ["Ambient:Operator:LeaseDuration"] = "00:00:05",
            ["Ambient:Operator:RenewDeadline"] = "00:00:10",
            ["Ambient:Operator:StatusInterval"] = "00:00:00.010",
        };

        var refused = Assert.Throws<InvalidOperationException>(() => OperatorApplication.Create("http://127.0.0.1:0", settings));

        Assert.Contains("RetryPeriod (00:00:02) < RenewDeadline (00:00:10) < LeaseDuration (00:00:05) is required", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Ambient:Operator:StatusInterval must be at least 00:00:00.2000000", refused.Message, StringComparison.Ordinal);
    }
}
