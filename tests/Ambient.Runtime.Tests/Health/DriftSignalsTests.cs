using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Ambient.Abstractions.Processing;
using Ambient.Testing.Runs;

namespace Ambient.Runtime.Tests.Health;

/// <summary>The drift signals a run emits: outcome, time to decision, tokens, cost and tool calls, each with the model and agent version.</summary>
public sealed class DriftSignalsTests
{
    private const string Lookup = "ops.lookup";

    [Fact]
    public async Task FinishedRun_EmitsItsSignalsTaggedWithEventTypeModelAndAgentVersion()
    {
        var harness = new RunHarness(RunHarness.AgentYaml([Lookup], name: "drifty"), [ScriptedTool.Read(Lookup, _ => "93% full")]);
        harness.Model.CallTools((Lookup, new { query = "disk" })).Answer("The disk is almost full. Confidence: 0.7");
        var seen = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RuntimeTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var all = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if (all.GetValueOrDefault("agent") as string == "drifty")
            {
                seen.Enqueue((instrument.Name, value, all));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Keep(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Keep(i, v, t));
        listener.Start();

        Assert.Equal(ProcessingResult.Completed, await harness.ProcessAsync(RunHarness.Event()));

        var byName = seen.ToLookup(m => m.Instrument);
        foreach (var name in new[] { "ambient.agent.runs", "ambient.agent.run.duration", "ambient.agent.run.tokens", "ambient.agent.run.cost", "ambient.agent.confidence", "ambient.agent.tool_calls" })
        {
            var measurement = Assert.Single(byName[name]);
            Assert.Equal((RunHarness.EventType, harness.Agent.Version, "offline"),
                ((string?)measurement.Tags["event.type"], (string?)measurement.Tags["agent.version"], (string?)measurement.Tags["model"]));
        }

        Assert.Equal("completed", (string?)byName["ambient.agent.runs"].Single().Tags["outcome"]);
        Assert.Equal(("read", Lookup), ((string?)byName["ambient.agent.tool_calls"].Single().Tags["result"], (string?)byName["ambient.agent.tool_calls"].Single().Tags["tool"]));
        Assert.Equal(0.7, byName["ambient.agent.confidence"].Single().Value);
        Assert.True(byName["ambient.agent.run.tokens"].Single().Value > 0);
    }
}
