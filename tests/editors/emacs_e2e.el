;;; emacs_e2e.el --- eglot end to end, run by tests/editors/test_emacs.py  -*- lexical-binding: t; -*-
;; emacs -Q --batch -l editors/emacs/gotestsmells.el -l this FILE.  Env: GTS_FILE, GTS_EXPECTED,
;; GTS_LINE_A, GTS_LINE_B (0-based).  Every wait is an accept-process-output loop with a deadline.

(require 'cl-lib)

(defun gts-log (fmt &rest args)
  (princ (concat "[emacs-e2e] " (apply #'format fmt args) "\n") #'external-debugging-output))

(defun gts-fail (fmt &rest args)
  (princ (concat "EMACS-E2E FAILED: " (apply #'format fmt args) "\n") #'external-debugging-output)
  (kill-emacs 1))

(defun gts-idle ()
  "What an idle moment does in an interactive Emacs: batch mode runs no idle timers, so eglot's
send-changes timer and flymake's start timer are run by hand."
  (when (and (bound-and-true-p eglot--managed-mode) eglot--recent-changes)
    (eglot--signal-textDocument/didChange))
  (when (bound-and-true-p flymake-mode) (flymake-start)))

(defun gts-wait (seconds what pred)
  (let ((deadline (+ (float-time) seconds)) (v nil))
    (while (and (progn (gts-idle) (not (setq v (funcall pred)))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (or v (gts-fail "timed out after %ss waiting for %s" seconds what))))

(defun gts-read (path)
  (with-temp-buffer (insert-file-contents-literally path) (buffer-string)))

(defun gts-line (n)
  (save-excursion (goto-char (point-min)) (forward-line n)
                  (buffer-substring-no-properties (line-beginning-position) (line-end-position))))

(defun gts-diags (code)
  "Flymake diagnostics in the buffer that eglot got from the server with CODE."
  (sort (cl-loop for d in (flymake-diagnostics (point-min) (point-max))
                 for lsp = (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))
                 when (and lsp (equal (plist-get lsp :code) code))
                 collect d)
        (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))

(unless (fboundp 'go-mode)
  ;; Emacs 28 has no Go mode of its own (go-mode is a separate package): a stand-in named like it.
  (define-derived-mode go-mode prog-mode "Go"))

(condition-case err
    (let* ((file (getenv "GTS_FILE"))
           (line-a (string-to-number (getenv "GTS_LINE_A")))
           (line-b (string-to-number (getenv "GTS_LINE_B")))
           (original (gts-read file)))
      ;; The configuration the README shows.
      (add-hook 'go-mode-hook #'eglot-ensure)
      (add-hook 'eglot-managed-mode-hook #'gotestsmells-fix-on-save-mode)
      (find-file file)
      (go-mode)
      ;; eglot-ensure starts the server from post-command-hook: there are no commands in batch mode.
      (run-hooks 'post-command-hook)
      (gts-wait 30 "eglot to manage the buffer" (lambda () (bound-and-true-p eglot--managed-mode)))
      (gts-log "server: %S" (process-command (jsonrpc--process (eglot-current-server))))
      (unless gotestsmells-fix-on-save-mode (gts-fail "gotestsmells-fix-on-save-mode is off"))

      ;; 1. Diagnostics through flymake, each once.
      (gts-wait 30 "two HAB004 diagnostics" (lambda () (>= (length (gts-diags "HAB004")) 2)))
      (let ((ds (gts-diags "HAB004")))
        (gts-log "diagnostics: %S"
                 (mapcar (lambda (d) (list (1- (line-number-at-pos (flymake-diagnostic-beg d)))
                                           (flymake-diagnostic-text d)))
                         ds))
        (unless (= (length ds) 2) (gts-fail "expected each HAB004 once, got %d" (length ds)))
        (unless (and (= (1- (line-number-at-pos (flymake-diagnostic-beg (nth 0 ds)))) line-a)
                     (= (1- (line-number-at-pos (flymake-diagnostic-beg (nth 1 ds)))) line-b))
          (gts-fail "diagnostics on the wrong lines")))

      ;; 2. The quick fix, as M-x eglot-code-actions offers it, picking "Replace with t.Setenv".
      (goto-char (point-min))
      (forward-line line-a)
      (back-to-indentation)
      (let ((offered nil)
            (last-nonmenu-event 13)) ; a key, not a mouse click: eglot asks with completing-read
        (cl-letf (((symbol-function 'completing-read)
                   (lambda (_prompt collection &rest _)
                     (setq offered (mapcar #'car collection))
                     "Replace with t.Setenv")))
          (eglot-code-actions (line-beginning-position) (line-end-position) "quickfix" t))
        (gts-log "quick fixes offered: %S" offered))
      (unless (equal (gts-line line-a) "\tt.Setenv(\"A\", \"1\")")
        (gts-fail "the quick fix did not rewrite line A: %S" (gts-line line-a)))
      (unless (equal (gts-line line-b) "\tos.Setenv(\"B\", \"2\")")
        (gts-fail "the quick fix touched line B: %S" (gts-line line-b)))
      (unless (equal (gts-read file) original) (gts-fail "the file changed on disk before saving"))
      (gts-wait 15 "one HAB004 left" (lambda () (= (length (gts-diags "HAB004")) 1)))

      ;; 3. Save: fix on save applies source.fixAll.gotestsmells first.
      (save-buffer)
      (let ((got (gts-read file)) (want (gts-read (getenv "GTS_EXPECTED"))))
        (unless (equal got want)
          (gts-fail "the saved file is not the fix-all result:\n--- got\n%s\n--- expected\n%s" got want)))
      (gts-wait 15 "no HAB004 left" (lambda () (null (gts-diags "HAB004"))))
      (gts-log "all checks passed")
      (ignore-errors (eglot-shutdown (eglot-current-server)))
      (kill-emacs 0))
  (error (gts-fail "%s" (error-message-string err))))
