using System.Text.Json.Nodes;

namespace Ambient.Testing.FakeOpenAi;

/// <summary>
/// One tool call a scripted reply asks for. <paramref name="Name"/> is the tool name as advertised on the wire;
/// Semantic Kernel advertises plugin functions as <c>plugin-function</c> (e.g. <c>github-add_labels</c>).
/// </summary>
/// <param name="Id">The call id the model gives, e.g. <c>call_1</c>.</param>
/// <param name="Name">The tool name.</param>
/// <param name="Arguments">The arguments, sent as a JSON string like a real model does.</param>
public sealed record FakeToolCall(string Id, string Name, JsonObject Arguments);
