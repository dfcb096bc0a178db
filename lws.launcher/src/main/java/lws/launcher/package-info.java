/**
 * The multi-call entry point of the image ({@link lws.launcher.Main}) and its AOT training run
 * ({@link lws.launcher.AotTraining}).
 */
package lws.launcher;
