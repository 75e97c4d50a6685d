using Ambient.Mcp.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Ambient.Mcp.Tests;

public sealed class RestartBackoffTests
{
    [Fact]
    public void RecordFailure_Repeated_DoublesFromOneSecondToThirty()
    {
        var backoff = new RestartBackoff(new FakeTimeProvider());

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.RecordFailure().TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], delays);
    }

    [Fact]
    public void Remaining_AfterTheDelay_IsNull()
    {
        var time = new FakeTimeProvider();
        var backoff = new RestartBackoff(time);
        backoff.RecordFailure();
        backoff.RecordFailure();

        time.Advance(TimeSpan.FromSeconds(1.5));
        var during = backoff.Remaining();
        time.Advance(TimeSpan.FromSeconds(0.5));

        Assert.Equal(TimeSpan.FromSeconds(0.5), during);
        Assert.Null(backoff.Remaining());
    }

    [Fact]
    public void Reset_AfterFailures_StartsAgainAtOneSecond()
    {
        var backoff = new RestartBackoff(new FakeTimeProvider());
        backoff.RecordFailure();
        backoff.RecordFailure();

        backoff.Reset();

        Assert.Null(backoff.Remaining());
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.RecordFailure());
    }
}
