package lws.launcher;

import lws.ctl.Lwsctl;
import lws.system.Lwsd;

import java.util.Arrays;

/**
 * {@code java -m lws.launcher/lws.launcher.Main PROGRAM [ARGS]}: runs {@code lwsd}, {@code lwsctl} or the AOT
 * training run ({@link AotTraining}) with the remaining arguments. See the module's documentation for why.
 */
public final class Main {
    private Main() {
    }

    /**
     * Process entry point; exits with the program's exit code, or 2 without a known program.
     *
     * @param args the program's name, then its arguments
     */
    public static void main(String... args) {
        String program = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (program) {
            case "lwsd" -> Lwsd.main(rest);
            case "lwsctl" -> Lwsctl.main(rest);
            case "aot-training" -> System.exit(AotTraining.run(rest));
            default -> {
                System.err.println("lws.launcher: the first argument names the program: lwsd, lwsctl or aot-training"
                        + (program.isEmpty() ? "" : ", not '" + program + "'"));
                System.exit(2);
            }
        }
    }
}
