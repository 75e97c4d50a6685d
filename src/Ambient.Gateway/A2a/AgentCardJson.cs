using System.Text.Json.Nodes;
using Ambient.Abstractions.A2a;
using Ambient.A2a;

namespace Ambient.Gateway.A2a;

/// <summary>
/// An agent's card from the cards topic as A2A v1 ProtoJSON, with the gateway's JSON-RPC interface first (preferred)
/// and its bearer token declared, so an A2A client knows where and how to call.
/// </summary>
internal static class AgentCardJson
{
    public const string SecurityScheme = "bearer";

    public static JsonObject Write(A2aAgentCard card, string jsonRpcUrl)
    {
        A2aAgentInterface[] interfaces = [new(jsonRpcUrl, "JSONRPC", A2aKafka.ProtocolVersion), .. card.Interfaces.Where(i => i.ProtocolBinding != "JSONRPC")];
        return new JsonObject
        {
            ["name"] = card.Name,
            ["description"] = card.Description,
            ["supportedInterfaces"] = new JsonArray([.. interfaces.Select(i => new JsonObject
            {
                ["url"] = i.Url,
                ["protocolBinding"] = i.ProtocolBinding,
                ["protocolVersion"] = i.ProtocolVersion,
            })]),
            ["version"] = card.Version,
            // Streaming is the Kafka binding's; the gateway answers message/send and tasks/get only.
            ["capabilities"] = new JsonObject
            {
                ["streaming"] = false,
                ["pushNotifications"] = false,
                ["extensions"] = new JsonArray([.. card.Extensions.Select(Extension)]),
            },
            ["securitySchemes"] = new JsonObject
            {
                [SecurityScheme] = new JsonObject { ["httpAuthSecurityScheme"] = new JsonObject { ["scheme"] = "Bearer" } },
            },
            ["securityRequirements"] = new JsonArray(new JsonObject { ["schemes"] = new JsonObject { [SecurityScheme] = new JsonObject { ["list"] = new JsonArray() } } }),
            ["defaultInputModes"] = Strings(card.InputModes),
            ["defaultOutputModes"] = Strings(card.OutputModes),
            ["skills"] = new JsonArray([.. card.Skills.Select(s => new JsonObject
            {
                ["id"] = s.Id,
                ["name"] = s.Name,
                ["description"] = s.Description,
                ["tags"] = Strings(s.Tags),
                ["examples"] = Strings(s.Examples),
            })]),
        };
    }

    // params travels as JSON text on the cards topic (Avro has no free-form object); A2A wants the object itself.
    private static JsonObject Extension(A2aAgentExtension extension) => new()
    {
        ["uri"] = extension.Uri,
        ["description"] = extension.Description,
        ["required"] = extension.Required,
        ["params"] = extension.Params is null ? null : JsonNode.Parse(extension.Params),
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
