using AuthKit.Benchmarks;
using BenchmarkDotNet.Running;

// `serve <mode>` runs the bench app for the HTTP load script (run-http.sh); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "serve")
{
    BenchApp.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(AuthenticatePathBenchmarks).Assembly).Run(args);
