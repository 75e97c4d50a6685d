using System.Diagnostics;
using System.Text;
using Ambient.Kafka.Tracing;
using Confluent.Kafka;

namespace Ambient.Kafka.Tests;

public sealed class KafkaTraceContextTests
{
    [Fact]
    public void Inject_W3CActivity_WritesTraceparentAndTracestate()
    {
        using var activity = StartActivity("vendor=abc,other=1");
        var headers = new Headers();

        KafkaTraceContext.Inject(activity, headers);

        Assert.Equal(
            [("traceparent", activity.Id!), ("tracestate", "vendor=abc,other=1")],
            headers.Select(h => (h.Key, Encoding.UTF8.GetString(h.GetValueBytes()))));
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", activity.Id!);
    }

    [Fact]
    public void TryExtract_InjectedHeaders_ReturnsRemoteParentContext()
    {
        using var activity = StartActivity("vendor=abc");
        activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        var headers = new Headers();
        KafkaTraceContext.Inject(activity, headers);

        var found = KafkaTraceContext.TryExtract(headers, out var context);

        Assert.True(found);
        Assert.Equal(activity.TraceId, context.TraceId);
        Assert.Equal(activity.SpanId, context.SpanId);
        Assert.Equal(ActivityTraceFlags.Recorded, context.TraceFlags);
        Assert.Equal("vendor=abc", context.TraceState);
        Assert.True(context.IsRemote);
    }

    [Fact]
    public void Inject_CurrentActivity_ReplacesExistingTraceHeaders()
    {
        using var activity = StartActivity(traceState: null);
        var headers = new Headers
        {
            { "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"u8.ToArray() },
            { "tracestate", "stale=1"u8.ToArray() },
            { "other", "kept"u8.ToArray() },
        };

        KafkaTraceContext.Inject(headers);

        Assert.Equal(["other", "traceparent"], headers.Select(h => h.Key));
        Assert.True(KafkaTraceContext.TryExtract(headers, out var context));
        Assert.Equal(activity.SpanId, context.SpanId);
    }

    [Fact]
    public void Inject_NoActivity_LeavesHeadersAlone()
    {
        var headers = new Headers();

        KafkaTraceContext.Inject(activity: null, headers);

        Assert.Empty(headers);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-traceparent")]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    public void TryExtract_MissingOrMalformedTraceparent_ReturnsFalse(string? traceParent)
    {
        var headers = new Headers();
        if (traceParent is not null)
        {
            headers.Add("traceparent", Encoding.UTF8.GetBytes(traceParent));
        }

        Assert.False(KafkaTraceContext.TryExtract(headers, out var context));
        Assert.Equal(default, context);
    }

    private static Activity StartActivity(string? traceState)
    {
        var activity = new Activity("kafka-trace-test");
        activity.SetIdFormat(ActivityIdFormat.W3C);
        activity.TraceStateString = traceState;
        return activity.Start();
    }
}
