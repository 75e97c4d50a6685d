using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ambient.Deployment.Tests.OpenApi;

/// <summary>
/// Validates a value against a Kubernetes structural <c>openAPIV3Schema</c> as the API server does with strict field
/// validation (kubectl's default): type, properties, unknown fields (an error unless <c>additionalProperties</c> or
/// <c>x-kubernetes-preserve-unknown-fields</c> allow them), required, enum, items, additionalProperties,
/// min/max, min/maxLength, min/maxItems, pattern, int32/int64 formats, allOf/anyOf/oneOf/not,
/// <c>x-kubernetes-int-or-string</c> and <c>nullable</c> (a null without it is pruned, i.e. treated as absent).
/// Not evaluated: CEL rules (<c>x-kubernetes-validations</c>), counted in <see cref="SkippedCelRules"/> so tests can say so.
/// </summary>
internal sealed class OpenApiV3Validator
{
    public int SkippedCelRules { get; private set; }

    public IReadOnlyList<string> Validate(JsonNode? value, JsonObject schema, string path = "$")
    {
        var errors = new List<string>();
        Check(value, schema, path, errors, strictFields: true);
        return errors;
    }

    private void Check(JsonNode? value, JsonObject schema, string path, List<string> errors, bool strictFields)
    {
        if (schema["x-kubernetes-validations"] is JsonArray rules)
        {
            SkippedCelRules += rules.Count;
        }

        if (value is null)
        {
            return; // pruned unless nullable; presence is the parent's "required" check
        }

        if (!CheckType(value, schema, path, errors))
        {
            return;
        }

        CheckEnum(value, schema, path, errors);
        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, errors, strictFields);
                break;
            case JsonArray array:
                CheckArray(array, schema, path, errors, strictFields);
                break;
            case JsonValue scalar:
                CheckScalar(scalar, schema, path, errors);
                break;
        }

        CheckCombinators(value, schema, path, errors);
    }

    private static bool CheckType(JsonNode value, JsonObject schema, string path, List<string> errors)
    {
        var intOrString = schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true;
        if (intOrString)
        {
            var ok = Kind(value) is "integer" or "string";
            if (!ok)
            {
                errors.Add($"{path}: must be an integer or a string, not {Kind(value)}");
            }

            return ok;
        }

        if (schema["type"]?.GetValue<string>() is not { } type)
        {
            return true;
        }

        var kind = Kind(value);
        var matches = type == kind || (type == "number" && kind == "integer");
        if (!matches)
        {
            errors.Add($"{path}: must be {type}, not {kind} ({Show(value)})");
        }

        return matches;
    }

    private static void CheckEnum(JsonNode value, JsonObject schema, string path, List<string> errors)
    {
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{path}: {Show(value)} is not one of [{string.Join(", ", allowed.Select(Show))}]");
        }
    }

    private void CheckObject(JsonObject obj, JsonObject schema, string path, List<string> errors, bool strictFields)
    {
        var properties = schema["properties"] as JsonObject;
        var preserveUnknown = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
        {
            if (obj[required] is null)
            {
                errors.Add($"{path}: missing required field \"{required}\"");
            }
        }

        foreach (var (name, child) in obj)
        {
            var childPath = $"{path}.{name}";
            if (properties?[name] is JsonObject propertySchema)
            {
                Check(child, propertySchema, childPath, errors, strictFields);
            }
            else if (schema["additionalProperties"] is JsonObject additional)
            {
                Check(child, additional, childPath, errors, strictFields);
            }
            else if (schema["additionalProperties"] is JsonValue additionalFlag && additionalFlag.GetValue<bool>())
            {
                continue;
            }
            else if (strictFields && !preserveUnknown && (properties is not null || schema["additionalProperties"] is JsonValue))
            {
                errors.Add($"{childPath}: unknown field (the schema allows [{string.Join(", ", properties?.Select(p => p.Key) ?? [])}])");
            }
        }

        CheckCount(obj.Count, schema, "minProperties", "maxProperties", "properties", path, errors);
    }

    private void CheckArray(JsonArray array, JsonObject schema, string path, List<string> errors, bool strictFields)
    {
        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], items, $"{path}[{i}]", errors, strictFields);
            }
        }

        CheckCount(array.Count, schema, "minItems", "maxItems", "items", path, errors);
    }

    private static void CheckScalar(JsonValue scalar, JsonObject schema, string path, List<string> errors)
    {
        if (scalar.GetValueKind() == JsonValueKind.String)
        {
            var text = scalar.GetValue<string>();
            CheckCount(text.Length, schema, "minLength", "maxLength", "characters", path, errors);
            if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add($"{path}: \"{text}\" does not match pattern {pattern}");
            }

            return;
        }

        if (scalar.GetValueKind() != JsonValueKind.Number)
        {
            return;
        }

        var number = Number(scalar);
        if (schema["minimum"] is JsonValue minimum && number < Number(minimum))
        {
            errors.Add($"{path}: {Show(scalar)} is below the minimum {minimum}");
        }

        if (schema["maximum"] is JsonValue maximum && number > Number(maximum))
        {
            errors.Add($"{path}: {Show(scalar)} is above the maximum {maximum}");
        }

        if (schema["format"]?.GetValue<string>() == "int32" && (number < int.MinValue || number > int.MaxValue))
        {
            errors.Add($"{path}: {Show(scalar)} does not fit int32");
        }
    }

    private void CheckCombinators(JsonNode value, JsonObject schema, string path, List<string> errors)
    {
        // Structural schemas keep types and fields outside allOf/anyOf/oneOf/not: branches only add constraints,
        // so unknown fields are not judged inside them.
        bool Passes(JsonNode branch) => Branch(value, (JsonObject)branch, path).Count == 0;
        foreach (var branch in schema["allOf"] as JsonArray ?? [])
        {
            errors.AddRange(Branch(value, (JsonObject)branch!, path));
        }

        if (schema["anyOf"] is JsonArray anyOf && !anyOf.Any(b => Passes(b!)))
        {
            errors.Add($"{path}: matches none of the anyOf alternatives: {string.Join(" | ", anyOf.Select(b => string.Join("; ", Branch(value, (JsonObject)b!, path))))}");
        }

        if (schema["oneOf"] is JsonArray oneOf && oneOf.Count(b => Passes(b!)) is var passing && passing != 1)
        {
            errors.Add($"{path}: must match exactly one oneOf alternative, matches {passing}");
        }

        if (schema["not"] is JsonObject not && Passes(not))
        {
            errors.Add($"{path}: must not match {not.ToJsonString()}");
        }
    }

    private List<string> Branch(JsonNode value, JsonObject branch, string path)
    {
        var errors = new List<string>();
        Check(value, branch, path, errors, strictFields: false);
        return errors;
    }

    private static void CheckCount(int count, JsonObject schema, string minKey, string maxKey, string unit, string path, List<string> errors)
    {
        if (schema[minKey] is JsonValue min && count < Number(min))
        {
            errors.Add($"{path}: has {count} {unit}, fewer than {minKey} {min}");
        }

        if (schema[maxKey] is JsonValue max && count > Number(max))
        {
            errors.Add($"{path}: has {count} {unit}, more than {maxKey} {max}");
        }
    }

    private static string Kind(JsonNode value) => value switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => v.TryGetValue<long>(out _) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    private static double Number(JsonValue value) =>
        value.TryGetValue<long>(out var integer) ? integer
        : value.TryGetValue<int>(out var small) ? small
        : value.GetValue<double>();

    private static string Show(JsonNode? value) => value?.ToJsonString() ?? "null";
}
