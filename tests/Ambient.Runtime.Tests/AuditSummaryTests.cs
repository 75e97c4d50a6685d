using System.Text;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Events;
using Ambient.Runtime.Runs;

namespace Ambient.Runtime.Tests;

/// <summary>What the audit reads from a run's text: the confidence the model stated, and the summary of its event.</summary>
public sealed class AuditSummaryTests
{
    [Theory]
    [InlineData("Restarting it. Confidence: 0.85", 0.85)]
    [InlineData("confidence=0.4", 0.4)]
    [InlineData("My confidence is 80%.", 0.8)]
    [InlineData("CONFIDENCE 75", 0.75)]
    [InlineData("Confidence: 0.2 at first; after the logs, confidence: 0.9", 0.9)]
    [InlineData("confidence: 1", 1.0)]
    public void StatedConfidence_InTheModelsWords_IsReadAsAFraction(string text, double expected) =>
        Assert.Equal(expected, StatedConfidence.In(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("I am fairly sure.")]
    [InlineData("confidence: 250")]
    [InlineData("confidence: 101%")]
    [InlineData("lowconfidence: 0.3")]
    public void StatedConfidence_NoneOrOutOfRange_IsNull(string? text) => Assert.Null(StatedConfidence.In(text));

    [Fact]
    public void StatedConfidence_HugeReply_IsReadWithoutStalling()
    {
        var huge = string.Concat(Enumerable.Repeat("confidence confidence: ", 200_000)) + "confidence: 0.5";

        Assert.Equal(0.5, StatedConfidence.In(huge));
    }

    [Fact]
    public void EventSummary_SaysTypeSourceSubjectIngressAndTheStartOfTheDataOnOneLine()
    {
        var input = new AmbientEvent("e1", "https://github.com/o/r", "com.github.issues.opened", "issues/7", null, "application/json",
            Encoding.UTF8.GetBytes("{\n  \"title\":   \"Crash on start\"\n}")) { Ingress = "verified" };

        Assert.Equal("com.github.issues.opened from https://github.com/o/r, subject issues/7, ingress verified: { \"title\": \"Crash on start\" }", EventSummary.Of(input));
    }

    [Fact]
    public void EventSummary_LargeData_IsCutAndSaysSo()
    {
        var input = new AmbientEvent("e1", "s", "t", null, null, "application/json", Encoding.UTF8.GetBytes(new string('é', 1_000_000)));

        var summary = EventSummary.Of(input);

        Assert.Equal("t from s: ".Length + EventSummary.DataCharacters + 1, summary.Length);
        Assert.EndsWith("é…", summary, StringComparison.Ordinal);
    }
}
