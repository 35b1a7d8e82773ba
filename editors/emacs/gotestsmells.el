;;; gotestsmells.el --- gotestsmells through eglot -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1") (eglot "1.9"))
;; Keywords: languages, go, tools

;;; Commentary:

;; Registers `gotestsmells serve' with eglot for Go buffers, and offers fix on save:
;;
;;   (add-to-list 'load-path "/path/to/gotestsmells/editors/emacs")
;;   (require 'gotestsmells)
;;   (add-hook 'go-mode-hook #'eglot-ensure)                      ; go-ts-mode-hook on Emacs 29+
;;   (add-hook 'eglot-managed-mode-hook #'gotestsmells-fix-on-save-mode)
;;
;; Eglot runs one server per buffer: registering gotestsmells for Go makes it the server of Go buffers
;; (see README.md for running it next to gopls).

;;; Code:

(require 'eglot)

(defgroup gotestsmells nil
  "Find and fix smells in Go tests."
  :group 'tools
  :prefix "gotestsmells-")

(defcustom gotestsmells-command '("gotestsmells" "serve")
  "The command that starts the gotestsmells language server."
  :type '(repeat string))

(defcustom gotestsmells-major-modes '(go-mode go-ts-mode)
  "Major modes eglot should start gotestsmells for."
  :type '(repeat symbol))

(defcustom gotestsmells-settings nil
  "Settings sent to the server under \"gotestsmells\" (as in gotestsmells.toml), a plist.
For example (:ignore [\"HAB007\"] :severity (:DET002 \"error\"))."
  :type 'plist)

(defconst gotestsmells-fix-all-kind "source.fixAll.gotestsmells"
  "The code action kind that applies every safe fix in a file.")

(defun gotestsmells--contact (&optional _interactive)
  "The eglot contact for gotestsmells.
Eglot 1.9 has no pull diagnostics, newer ones may: ask for pushed ones only, so each shows once."
  `(,@gotestsmells-command
    :initializationOptions
    (:gotestsmells (:diagnosticMode "push" ,@gotestsmells-settings))))

;;;###autoload
(defun gotestsmells-register ()
  "Make gotestsmells the eglot server of `gotestsmells-major-modes'."
  (setq eglot-server-programs
        (cons (cons gotestsmells-major-modes #'gotestsmells--contact)
              (cl-remove-if (lambda (entry) (eq (cdr entry) #'gotestsmells--contact))
                            eglot-server-programs))))

(defun gotestsmells--managed-p ()
  "Non-nil when eglot manages this buffer with a server that offers gotestsmells' fix-all."
  (and (bound-and-true-p eglot--managed-mode)
       (eglot-current-server)))

;;;###autoload
(defun gotestsmells-fix-all ()
  "Apply every safe gotestsmells fix in the buffer (the code action `source.fixAll.gotestsmells')."
  (interactive)
  (when (gotestsmells--managed-p)
    ;; Send pending edits now rather than when Emacs is next idle: before-save-hook must not wait.
    (when (fboundp 'eglot--signal-textDocument/didChange)
      (eglot--signal-textDocument/didChange))
    (let ((actions (eglot-code-actions (point-min) (point-max) gotestsmells-fix-all-kind nil)))
      (when actions
        (eglot-code-actions (point-min) (point-max) gotestsmells-fix-all-kind t)))))

(defun gotestsmells--before-save ()
  "Apply the fixes before the buffer is written; never block the save."
  (condition-case err
      (gotestsmells-fix-all)
    (error (message "gotestsmells: fix on save failed: %s" (error-message-string err)))))

;;;###autoload
(define-minor-mode gotestsmells-fix-on-save-mode
  "Apply gotestsmells' safe fixes (`source.fixAll.gotestsmells') before each save."
  :lighter nil
  (if gotestsmells-fix-on-save-mode
      (add-hook 'before-save-hook #'gotestsmells--before-save nil t)
    (remove-hook 'before-save-hook #'gotestsmells--before-save t)))

(gotestsmells-register)

(provide 'gotestsmells)
;;; gotestsmells.el ends here
