using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthKit.IntegrationTests.NextJs;

/// <summary>
/// Runs node/interop.mjs with the real, pinned npm packages (iron-session 9.0.1, iron-webcrypto 2.0.0, jose 6.2.17),
/// which build.sh installs into artifacts/node and names in AUTHKIT_NODE_MODULES. Without node or the packages a
/// test skips with the reason on a developer machine, and fails under CI=true: interop is never silently untested.
/// </summary>
public static class NodeInterop
{
    public const string ModulesVariable = "AUTHKIT_NODE_MODULES";

    private static readonly Lazy<string?> Modules = new(FindModules);

    /// <summary>Skips (developer machine) or fails (CI) when node or the packages are missing.</summary>
    public static void Require()
    {
        var problem = Problem();
        if (problem is null)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Next.js interop tests cannot run under CI: {problem}");
        }

        Skip.If(true, $"SKIPPED: Next.js interop needs node and the npm packages: {problem} Run ./build.sh test (it installs them) or set {ModulesVariable}.");
    }

    /// <summary>Sends one request to the script and returns its JSON answer.</summary>
    public static async Task<JsonObject> RunAsync(object request)
    {
        Require();
        var script = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "NextJs", "node", "interop.mjs"));
        var start = new ProcessStartInfo("node")
        {
            // With --eval, bare imports resolve from the working directory: the folder holding node_modules.
            WorkingDirectory = Path.GetDirectoryName(Modules.Value!)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("--input-type=module");
        start.ArgumentList.Add("--eval");
        start.ArgumentList.Add(script);

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(request));
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node exited with {process.ExitCode}: {await error}");
        }

        return JsonNode.Parse(await output)!.AsObject();
    }

    private static string? Problem()
    {
        if (Modules.Value is null)
        {
            return $"no node_modules with iron-session, iron-webcrypto and jose was found ({ModulesVariable} is unset and artifacts/node/node_modules does not exist).";
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            process.WaitForExit();
            return process.ExitCode == 0 ? null : "node --version failed.";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "node is not on the PATH.";
        }
    }

    private static string? FindModules()
    {
        var configured = Environment.GetEnvironmentVariable(ModulesVariable);
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(configured))
        {
            candidates.Add(configured);
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            candidates.Add(Path.Combine(directory.FullName, "artifacts", "node", "node_modules"));
        }

        return candidates.FirstOrDefault(path =>
            Directory.Exists(Path.Combine(path, "iron-session")) && Directory.Exists(Path.Combine(path, "iron-webcrypto")) && Directory.Exists(Path.Combine(path, "jose")));
    }
}
