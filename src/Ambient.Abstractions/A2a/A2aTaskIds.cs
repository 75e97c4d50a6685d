using System.Security.Cryptography;
using System.Text;

namespace Ambient.Abstractions.A2a;

/// <summary>How Ambient names A2A tasks, so every requester and server agrees without asking.</summary>
public static class A2aTaskIds
{
    /// <summary>
    /// The task a message starts at <paramref name="agent"/>: <c>task-</c> + the first 16 hex digits of
    /// SHA-256(agent, newline, message id). A re-sent message maps to the same task.
    /// </summary>
    public static string For(string agent, string messageId) =>
        "task-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{agent}\n{messageId}")), 0, 8);
}
