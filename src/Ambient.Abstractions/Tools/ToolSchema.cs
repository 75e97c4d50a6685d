using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ambient.Abstractions.Tools;

/// <summary>Builds the JSON schema of a tool's arguments object from its parameters.</summary>
public static class ToolSchema
{
    /// <summary>An object schema with these properties; no others are allowed.</summary>
    public static JsonElement ForArguments(params ToolParameter[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var properties = new JsonObject();
        foreach (var parameter in parameters)
        {
            var schema = new JsonObject { ["type"] = parameter.Type, ["description"] = parameter.Description };
            if (parameter.Type == "array")
            {
                schema["items"] = new JsonObject { ["type"] = "string" };
            }

            properties[parameter.Name] = schema;
        }

        var root = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. parameters.Where(p => p.Required).Select(p => JsonValue.Create(p.Name))]),
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(root);
    }
}

/// <summary>One property of a tool's arguments object.</summary>
/// <param name="Name">The argument's name.</param>
/// <param name="Type">JSON schema type: <c>string</c>, <c>integer</c>, <c>boolean</c>, or <c>array</c> (of strings).</param>
/// <param name="Description">What the model should put there.</param>
/// <param name="Required">Whether the call must give it.</param>
public sealed record ToolParameter(string Name, string Type, string Description, bool Required = true)
{
    /// <summary>A string argument.</summary>
    public static ToolParameter OfString(string name, string description, bool required = true) => new(name, "string", description, required);

    /// <summary>An integer argument.</summary>
    public static ToolParameter OfInteger(string name, string description, bool required = true) => new(name, "integer", description, required);

    /// <summary>A boolean argument.</summary>
    public static ToolParameter OfBoolean(string name, string description, bool required = true) => new(name, "boolean", description, required);

    /// <summary>An array of strings.</summary>
    public static ToolParameter OfStrings(string name, string description, bool required = true) => new(name, "array", description, required);
}
