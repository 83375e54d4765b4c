using System.Diagnostics;
using System.Globalization;

namespace Routing.Testing;

/// <summary>Finds and starts Debian's redis-server and redis-cli for the test fixtures (single server and cluster).</summary>
internal static class RedisTools
{
    /// <summary>The executable's path: next to $ROUTING_REDIS_SERVER if set, else on PATH, /usr/bin or /usr/local/bin.</summary>
    public static string Find(string name)
    {
        var fromEnv = Environment.GetEnvironmentVariable("ROUTING_REDIS_SERVER");
        var folders = new List<string>();
        if (!string.IsNullOrEmpty(fromEnv) && Path.GetDirectoryName(fromEnv) is { Length: > 0 } folder)
        {
            folders.Add(folder);
        }

        folders.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Where(d => d.Length > 0));
        folders.Add("/usr/bin");
        folders.Add("/usr/local/bin");
        foreach (var candidate in folders.Select(d => Path.Combine(d, name)))
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"{name} was not found. The store, cluster and end-to-end tests need Debian's redis-server and redis-cli: run scripts/test.sh, " +
            "which installs them, or set ROUTING_REDIS_SERVER to redis-server's path (redis-cli next to it).");
    }

    public static Process Start(string executable, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a short command to its end; a non-zero exit or an overrun throws with its output.</summary>
    public static async Task<string> RunAsync(string executable, TimeSpan limit, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw new TimeoutException($"{Path.GetFileName(executable)} {string.Join(' ', info.ArgumentList)} did not finish within {limit}.");
        }

        var text = await output + await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(executable)} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}: {text}");
        }

        return text;
    }

    public static async Task WaitForPingAsync(string cli, int port, IReadOnlyList<Process> started, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                var reply = await RunAsync(cli, TimeSpan.FromSeconds(5), ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "PING"]);
                if (reply.Contains("PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception) when (DateTime.UtcNow < deadline && started.All(p => !p.HasExited))
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow >= deadline || started.Any(p => p.HasExited))
            {
                throw new InvalidOperationException($"redis-server on port {port} did not answer PING within {limit} (or a node exited).");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Stops the given processes (and only them), each by its own id.</summary>
    public static async Task StopAsync(IEnumerable<Process> processes)
    {
        foreach (var process in processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            finally
            {
                process.Dispose();
            }
        }
    }
}
