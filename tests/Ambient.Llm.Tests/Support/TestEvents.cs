using System.Text;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Events;

namespace Ambient.Llm.Tests.Support;

/// <summary>Events for tests: the real GitHub sample payload, or small hand-made ones.</summary>
internal static class TestEvents
{
    public static readonly DateTimeOffset Time = new(2026, 3, 1, 12, 30, 0, TimeSpan.Zero);

    public static AmbientEvent Create(string type, JsonNode? data, string? subject = "github:octo/repo#1") => Create(type, data?.ToJsonString(), subject);

    public static AmbientEvent Create(string type, string? json, string? subject = "github:octo/repo#1") => new(
        Id: "evt-1",
        Source: "https://github.com/octo/repo",
        Type: type,
        Subject: subject,
        Time: Time,
        DataContentType: "application/json",
        Data: json is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(json));

    /// <summary>A <c>com.github.issues.opened</c> event carrying the shared sample payload; skips the test when it is absent.</summary>
    public static AmbientEvent IssueOpened() => Create(CloudEventTypes.GitHub("issues", "opened"), SamplePayloads.Read("github-webhooks/issues/opened.payload.json"));
}
