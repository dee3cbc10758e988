#if BENCHMARKDOTNET
using BenchmarkDotNet.Running;
#endif
using Drydock.Benchmarks;

// Whole-process benchmarks are named modes; everything else goes to BenchmarkDotNet.
if (args is ["layers", var layout, ..])
    return await LayersBenchmark.RunAsync(layout, args.Length > 2 && int.TryParse(args[2], out var n) ? n : 3);
if (args is ["hostile-images", var hostileRoot, ..])
    return HostileImages.Write(hostileRoot, args.Length > 2 && int.TryParse(args[2], out var files) ? files : 1_000_000);
if (args is ["match", ..])
    return VulnerabilityBenchmark.Match(args.Length > 1 && int.TryParse(args[1], out var r) ? r : 5, args.Contains("--trace"), args.Contains("--per-id"), args.Contains("--split"));
#if BENCHMARKDOTNET
if (args is ["rpm", ..])
    return RpmDatabaseBenchmark.Run(args.Length > 1 && int.TryParse(args[1], out var p) ? p : 5);
#endif
if (args is ["import", ..])
    return await VulnerabilityBenchmark.ImportAsync(args.Length > 1 && int.TryParse(args[1], out var k) ? k : 100_000);

#if BENCHMARKDOTNET
BenchmarkSwitcher.FromAssembly(typeof(LayersBenchmark).Assembly).Run(args);
return 0;
#else
await Console.Error.WriteLineAsync("drydock-bench (NativeAOT): modes are match, layers, hostile-images, import; rpm and BenchmarkDotNet need the JIT build");
return 2;
#endif
