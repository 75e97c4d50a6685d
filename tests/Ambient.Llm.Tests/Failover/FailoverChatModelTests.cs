using Ambient.Abstractions.Events;
using Ambient.Llm.Failover;
using Microsoft.Extensions.Time.Testing;

namespace Ambient.Llm.Tests.Failover;

/// <summary>The agent's model with fallbacks, each behind its own circuit breaker.</summary>
public sealed class FailoverChatModelTests
{
    private static readonly ChatRequest s_request = new("system", [ChatTurn.User("hello")], [], 64,
        new AmbientEvent("e-1", "s", "t", null, null, "application/json", "{}"u8.ToArray()));

    [Fact]
    public async Task FailingPrimary_HandsEachCallToTheFallback_OpensAfterThreeFailuresAndATrialAfterTheBreakClosesItAgain()
    {
        var time = new FakeTimeProvider();
        var primary = new Model("gpt-primary") { Failing = true };
        var fallback = new Model("gpt-fallback");
        var model = new FailoverChatModel([primary, fallback], new FailoverOptions { FailuresToOpen = 3, BreakDuration = TimeSpan.FromSeconds(30) }, time);

        var replies = new List<ChatReply>();
        for (var i = 0; i < 5; i++)
        {
            replies.Add(await model.CompleteAsync(s_request, TestContext.Current.CancellationToken));
        }

        // Three failures reached the primary; then its circuit was open and the next two calls went straight to the fallback.
        Assert.Equal((3, 5), (primary.Calls, fallback.Calls));
        Assert.All(replies, r => Assert.Equal(("gpt-fallback", "gpt-fallback"), (r.Fallback, r.Text)));
        Assert.Equal("gpt-primary", model.ModelId);

        // Back after the break: one trial call goes to the primary, succeeds, and the circuit closes.
        primary.Failing = false;
        time.Advance(TimeSpan.FromSeconds(31));
        var trial = await model.CompleteAsync(s_request, TestContext.Current.CancellationToken);
        var next = await model.CompleteAsync(s_request, TestContext.Current.CancellationToken);

        Assert.Equal((null, "gpt-primary"), (trial.Fallback, trial.Text));
        Assert.Equal((null, 5), (next.Fallback, primary.Calls));
    }

    [Fact]
    public async Task EveryModelFailing_IsUnavailableNamingEach()
    {
        var model = new FailoverChatModel([new Model("a") { Failing = true }, new Model("b") { Failing = true }], new FailoverOptions(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => model.CompleteAsync(s_request, TestContext.Current.CancellationToken));

        Assert.Equal("No model answered: a: a is down; b: b is down", error.Message);
    }

    private sealed class Model(string id) : IChatModel
    {
        public bool Failing { get; set; }

        public int Calls { get; private set; }

        public string ModelId => id;

        public Task<ChatReply> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
        {
            Calls++;
            return Failing ? throw new ModelUnavailableException($"{id} is down") : Task.FromResult(new ChatReply(id, [], new TokenUsage(1, 1)));
        }
    }
}
